import { Api } from 'telegram'
import bigInt from 'big-integer'

import { randomBytes } from 'node:crypto'

import type { TelegramInvoker } from './source'

import { type FloodPolicy, withFloodWait } from './floodWait'
import { inputPeer, type PeerRef } from './peers'

/** A file to send with a reply (a staff reply's attachment). */
export interface ReplyFile {
  bytes: Buffer
  name: string
  mimeType: string
}

/** Telegram's upload part size, and the size above which a file is uploaded as a "big" one. */
const partSize = 512 * 1024
const bigFileBytes = 10 * 1024 * 1024
/** Sent as a photo (compressed, shown inline); every other type as a document. */
const photoTypes = new Set(['image/jpeg', 'image/png'])

/** Uploads the file in parts (upload.saveFilePart, or saveBigFilePart above 10 MB) and names it for sendMedia. */
const uploadFile = async (client: TelegramInvoker, file: ReplyFile, flood: FloodPolicy): Promise<Api.TypeInputFile> => {
  const fileId = bigInt((randomBytes(8).readBigUInt64BE() >> 1n).toString())
  const parts = Math.max(1, Math.ceil(file.bytes.length / partSize))
  const big = file.bytes.length > bigFileBytes
  for (let filePart = 0; filePart < parts; filePart++) {
    const bytes = file.bytes.subarray(filePart * partSize, (filePart + 1) * partSize)
    await withFloodWait(
      () =>
        client.invoke(
          big
            ? new Api.upload.SaveBigFilePart({ fileId, filePart, fileTotalParts: parts, bytes })
            : new Api.upload.SaveFilePart({ fileId, filePart, bytes }),
        ),
      flood,
    )
  }
  return big ? new Api.InputFileBig({ id: fileId, parts, name: file.name }) : new Api.InputFile({ id: fileId, parts, name: file.name, md5Checksum: '' })
}

/**
 * Sends one message with the caller's `randomId`: text, or with `file` that file as a photo or
 * document with the text as its caption (uploaded first; a resend uploads again and is still
 * deduplicated by the random id). Telegram deduplicates by that id, so a
 * send repeated after a crash does not deliver twice. Returns the Telegram message id when the
 * answer names it (`null` when Telegram only says the id was already used).
 */
export const sendReply = async (
  client: TelegramInvoker,
  peer: PeerRef,
  text: string,
  randomId: string,
  flood: FloodPolicy,
  file?: ReplyFile,
): Promise<number | null> => {
  let result: Api.TypeUpdates
  try {
    if (file) {
      const uploaded = await uploadFile(client, file, flood)
      const media = photoTypes.has(file.mimeType)
        ? new Api.InputMediaUploadedPhoto({ file: uploaded })
        : new Api.InputMediaUploadedDocument({ file: uploaded, mimeType: file.mimeType, attributes: [new Api.DocumentAttributeFilename({ fileName: file.name })] })
      result = await withFloodWait(() => client.invoke(new Api.messages.SendMedia({ peer: inputPeer(peer), media, message: text, randomId: bigInt(randomId) })), flood)
    } else {
      result = await withFloodWait(() => client.invoke(new Api.messages.SendMessage({ peer: inputPeer(peer), message: text, randomId: bigInt(randomId) })), flood)
    }
  } catch (error) {
    // Sent before (the process died before recording it): delivered once, id unknown here.
    if ((error as { errorMessage?: string }).errorMessage === 'RANDOM_ID_DUPLICATE') return null
    throw error
  }
  if (result instanceof Api.UpdateShortSentMessage) return result.id
  if (result instanceof Api.Updates || result instanceof Api.UpdatesCombined) {
    for (const update of result.updates) {
      if (update instanceof Api.UpdateMessageID && update.randomId?.toString() === randomId) return update.id
      if ((update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) && update.message instanceof Api.Message && update.message.out) return update.message.id
    }
  }
  return null
}
