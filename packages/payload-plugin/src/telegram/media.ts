import type { Payload } from 'payload'
import type { TelegramClient } from 'telegram'

import type { ResolvedSwitchboardOptions } from '../types'
import type { MediaType } from './mapper'

import { createLocalReq } from 'payload'
import { notifyMessages } from '../realtime/notify'
import { FloodWaitReschedule, withFloodWait } from './floodWait'
import { peerFromMarkedId } from './peers'
import { telegramSource } from './source'
import { type PendingMedia, pendingMedia, settleMedia } from '../db/messages'
import { poolSql } from '../db/sqlExecutor'

/** Media kinds that are files worth keeping; contacts, locations and polls are not. */
export const downloadableMedia: ReadonlySet<MediaType> = new Set(['photo', 'document', 'voice', 'audio', 'video', 'animation', 'sticker'])

/** Failed downloads are tried again this many times, each after a longer pause. */
const maxAttempts = 5
const batchSize = 30

export interface MediaReport {
  downloaded: number
  failed: number
  skipped: number
  /** More media is waiting: the caller queues another run. */
  more: boolean
  /** Telegram asked to wait: the caller reschedules for then. */
  waitUntil?: Date
}

const extensionOf: Record<string, string> = { photo: 'jpg', voice: 'ogg', video: 'mp4', animation: 'mp4', sticker: 'webp', audio: 'mp3' }

/**
 * Downloads a batch of one account's pending media (newest messages first) into the media
 * collection, at most `concurrencyPerAccount` at a time. Each message records its own outcome:
 * `downloaded`, `skipped` (over the size cap) or `failed` with the reason, retried later with a
 * growing pause. The message is re-read first, because Telegram's file references expire.
 */
export const downloadPendingMedia = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  accountId: number,
  client: TelegramClient,
): Promise<MediaReport> => {
  const db = poolSql(payload)
  const rows = await pendingMedia(db, options, accountId, { maxAttempts, limit: batchSize + 1 })
  const report: MediaReport = { downloaded: 0, failed: 0, skipped: 0, more: rows.length > batchSize }
  const source = telegramSource(client, { maxSleepSeconds: options.telegram.floodSleepMaxSeconds, retries: options.telegram.floodRetries })
  const req = await createLocalReq({}, payload)

  const settle = async (row: PendingMedia, status: 'downloaded' | 'failed' | 'skipped', error: null | string, fileId: null | number = null) => {
    await settleMedia(db, options, row.id, { status, error, fileId })
    if (status === 'downloaded') await notifyMessages(req, row.conversation_id, 'updated', [row.id])
    report[status]++
  }

  const downloadOne = async (row: PendingMedia) => {
    const size = Number(row.media_size ?? 0)
    if (size > options.telegram.media.maxBytes)
      return settle(row, 'skipped', `The file is ${size} bytes, over the ${options.telegram.media.maxBytes}-byte media cap.`)
    try {
      const peer = peerFromMarkedId(Number(row.peer), row.access_hash)
      const message = await source.rawMessage(peer, Number(row.external_id))
      if (!message?.media) return settle(row, 'failed', 'The message no longer has this media on Telegram.')
      const data = await withFloodWait(
        async () => (await client.downloadMedia(message, {})) as Buffer | undefined,
        { maxSleepSeconds: options.telegram.floodSleepMaxSeconds, retries: options.telegram.floodRetries },
      )
      if (!data?.length) return settle(row, 'failed', 'Telegram returned no data for this file.')
      const name = row.media_file_name ?? `telegram-${row.peer}-${row.external_id}.${extensionOf[row.media_type] ?? 'bin'}`
      const file = await payload.create({
        collection: options.slugs.media,
        data: { message: row.id },
        file: { data, mimetype: row.media_mime_type ?? 'application/octet-stream', name, size: data.length },
        depth: 0,
        overrideAccess: true,
      })
      return settle(row, 'downloaded', null, Number(file.id))
    } catch (error) {
      if (error instanceof FloodWaitReschedule) {
        report.waitUntil = error.until
        return
      }
      return settle(row, 'failed', error instanceof Error ? error.message : String(error))
    }
  }

  // A small pool: each lane takes the next row until none are left or Telegram asks to wait.
  const queue = rows.slice(0, batchSize)
  const lane = async () => {
    for (let row = queue.shift(); row && !report.waitUntil; row = queue.shift()) await downloadOne(row)
  }
  await Promise.all(Array.from({ length: options.telegram.media.concurrencyPerAccount }, lane))
  if (report.waitUntil) report.more = true
  return report
}
