import { commitTransaction, type Endpoint, initTransaction, killTransaction, type PayloadRequest, ValidationError } from 'payload'

import { readFile, unlink } from 'node:fs/promises'
import path from 'node:path'

import type { ResolvedSwitchboardOptions } from '../types'

import { isStaff } from '../access/roles'
import { attachmentType, cleanFileName, describeTypes, formatBytes, inlineImageTypes } from '../chat/attachmentFiles'
import { toChatMessage } from '../chat/chatMessage'
import { authorizeSession, bearerToken } from '../chat/sessionAuth'
import { notNote } from '../helpdesk'
import { createOwnDoc, findFirst, findOwnDoc, findOwnDocs, relationId } from '../localApi'
import { hitRateLimit } from '../security/rateLimit'
import { clientMessageIdShape, customerSender } from './chatMessages'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'
import { readBodyBytes } from '../http/readBody'

/** Room for the multipart form around the file (boundaries, headers, a caption). */
export const multipartOverhead = 64 * 1024

const notFound = () => new EndpointError(404, 'This attachment does not exist or is not part of your conversation.')

/**
 * `POST /api/chat/attachments` (multipart: `file`, optional `text` and `clientMessageId`; Bearer
 * session token): the customer sends a file. It is checked (size: 413, type by its content: 415;
 * nothing is stored then), stored in the attachments collection and sent as a message of the
 * session's conversation, in one transaction. Rate limited per session.
 *
 * `GET /api/chat/attachments/:id`: the file, for the chat session whose conversation it belongs to
 * (Bearer session token) or for staff (their login). Images are served inline, everything else as
 * a download; never sniffed.
 */
export const chatAttachmentsEndpoints = (options: ResolvedSwitchboardOptions): Endpoint[] => {
  const { maxBytes, mimeTypes } = options.attachments
  const tooBig = () => new EndpointError(413, `The file is larger than ${formatBytes(maxBytes)}, the most an attachment can be.`)
  const wrongType = () => new EndpointError(415, `This type of file cannot be attached. Attach ${describeTypes(mimeTypes)}.`)

  const findByClientId = (req: PayloadRequest, conversationId: number, clientMessageId: string) =>
    findOwnDocs(req.payload, options, 'messages', {
      and: [{ conversation: { equals: conversationId } }, { clientMessageId: { equals: clientMessageId } }, notNote],
    }, { limit: 1, req }).then((docs) => docs[0])

  const readForm = async (req: PayloadRequest): Promise<FormData> => {
    const contentType = req.headers.get('content-type') ?? ''
    if (!/^multipart\/form-data\s*;/i.test(contentType)) {
      throw new EndpointError(400, 'Send the file as multipart/form-data, in a field named "file".')
    }
    const bytes = await readBodyBytes(req, maxBytes + multipartOverhead, tooBig())
    try {
      return await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData()
    } catch {
      throw new EndpointError(400, 'The multipart form could not be read.')
    }
  }

  return [
    {
      path: '/chat/attachments',
      method: 'post',
      handler: (req) =>
        handleEndpointErrors(req, async () => {
          const authorized = await authorizeSession(req, options, bearerToken(req))
          const wait = await hitRateLimit(req.payload, {
            key: `chat-attachments:session:${authorized.session.id}`,
            limit: options.attachments.uploadsPerMinutePerSession,
            windowSeconds: 60,
          })
          if (wait > 0) {
            throw new EndpointError(429, `Too many files sent. Try again in ${wait} seconds.`, {
              'Retry-After': String(wait),
              'Access-Control-Expose-Headers': 'Retry-After',
            })
          }
          const form = await readForm(req)
          const file = form.get('file')
          if (!file || typeof file === 'string') throw new EndpointError(400, 'Choose a file to send, in a field named "file".')
          if (file.size === 0) throw new EndpointError(400, 'The file is empty.')
          if (file.size > maxBytes) throw tooBig()
          const data = Buffer.from(await file.arrayBuffer())
          const mimeType = attachmentType(data, file.type)
          if (!mimeType || !mimeTypes.includes(mimeType)) throw wrongType()

          const caption = form.get('text')
          const text = typeof caption === 'string' ? caption.trim() : ''
          if (text.length > options.chat.maxMessageLength) {
            throw new EndpointError(400, `A message can be at most ${options.chat.maxMessageLength} characters; this one has ${text.length}.`)
          }
          if (text.includes('\u0000')) throw new EndpointError(400, '"text" contains a NUL character (\\u0000), which cannot be stored; remove it.')
          const clientMessageId = form.get('clientMessageId')
          if (clientMessageId !== null && (typeof clientMessageId !== 'string' || !clientMessageIdShape.test(clientMessageId))) {
            throw new EndpointError(400, '"clientMessageId" must be 8–64 letters, digits, "-" or "_" (a UUID works).')
          }
          const conversationId = authorized.conversation.id
          if (clientMessageId) {
            const earlier = await findByClientId(req, conversationId, clientMessageId)
            if (earlier) return Response.json({ message: toChatMessage(earlier) })
          }

          const ours = await initTransaction(req)
          let storedFile: string | undefined
          try {
            const attachment = await createOwnDoc(req, options, 'attachments', { conversation: conversationId }, { data, mimetype: mimeType, name: cleanFileName(file.name), size: data.byteLength })
            storedFile = attachment.filename ?? undefined
            const message = await createOwnDoc(req, options, 'messages', {
              conversation: conversationId,
              text,
              attachment: attachment.id,
              ...(clientMessageId ? { clientMessageId } : {}),
              direction: 'in',
              kind: 'media',
              sentAt: new Date().toISOString(),
              ...(await customerSender(req, options, authorized)),
            })
            if (ours) await commitTransaction(req)
            return Response.json({ message: toChatMessage(message) }, { status: 201 })
          } catch (error) {
            if (ours) await killTransaction(req)
            if (storedFile) await unlink(path.join(options.attachments.staticDir, path.basename(storedFile))).catch(() => undefined)
            // Two retries racing: the unique (conversation, clientMessageId) index let one through.
            const winner = clientMessageId ? await findByClientId(req, conversationId, clientMessageId) : null
            if (winner) return Response.json({ message: toChatMessage(winner) })
            // Payload's own content check (a damaged PDF, say) refused the file.
            if (error instanceof ValidationError && error.data.errors.some((e) => e.path === 'file')) throw wrongType()
            throw error
          }
        }),
    },
    {
      path: '/chat/attachments/:id',
      method: 'get',
      handler: (req) =>
        handleEndpointErrors(req, async () => {
          const id = parseId(req.routeParams?.id, 'The attachment id in the URL')
          const token = bearerToken(req)
          const staff = !token && isStaff(req.user)
          if (!token && !staff) throw new EndpointError(401, 'Open the chat (or log in as staff) to see this attachment.')
          const attachment = await findOwnDoc(req.payload, options, 'attachments', id, req)
          if (!staff) {
            const { conversation } = await authorizeSession(req, options, token)
            if (!attachment || relationId(attachment.conversation) !== conversation.id) throw notFound()
            // Only once sent, never from an internal note or a deleted message.
            const message = await findFirst(req, options.slugs.messages, {
              and: [{ conversation: { equals: conversation.id } }, { attachment: { equals: id } }, { deletedAt: { exists: false } }, notNote],
            })
            if (!message) throw notFound()
          }
          if (!attachment?.filename) throw notFound()
          let bytes: Buffer
          try {
            bytes = await readFile(path.join(options.attachments.staticDir, path.basename(attachment.filename)))
          } catch {
            throw new EndpointError(404, 'The file of this attachment is missing from storage.')
          }
          const type = attachment.mimeType ?? ''
          const inline = inlineImageTypes.has(type)
          const name = cleanFileName(attachment.filename)
          return new Response(new Uint8Array(bytes), {
            headers: {
              'Content-Type': inline || type === 'application/pdf' ? type : 'application/octet-stream',
              'Content-Length': String(bytes.byteLength),
              'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
              'X-Content-Type-Options': 'nosniff',
              'Content-Security-Policy': "default-src 'none'; sandbox",
              'Cache-Control': 'private, max-age=300',
            },
          })
        }),
    },
  ]
}
