import type { ChatAttachment, ChatMessage as WidgetChatMessage } from '@switchboard/widget/contract'

import type { Message } from '../payload-types'

import { relationId } from '../localApi'

export type { ChatAttachment }

/**
 * A message as the chat endpoints and streams return it: the widget's contract (deleted text
 * withheld, no internal fields), plus what only staff clients see.
 */
export interface ChatMessage extends WidgetChatMessage {
  /** Staff replies in Telegram conversations only: delivery through the worker. */
  deliveryStatus?: 'failed' | 'pending' | 'sent'
  deliveryError?: null | string
  /** Internal notes only (staff streams): the widget's stream never carries them. */
  note?: true
}

const attachmentOf = (doc: Message): ChatAttachment | undefined => {
  const id = relationId(doc.attachment)
  if (doc.deletedAt || id === undefined || id === '') return undefined
  return {
    id: Number(id),
    fileName: doc.mediaFileName || 'attachment',
    mimeType: doc.mediaMimeType || 'application/octet-stream',
    size: Number(doc.mediaSize ?? 0),
  }
}

export const toChatMessage = (doc: Message): ChatMessage => ({
  id: Number(doc.id),
  text: doc.deletedAt ? null : (doc.text ?? ''),
  sentAt: doc.sentAt,
  editedAt: doc.editedAt ?? null,
  deletedAt: doc.deletedAt ?? null,
  direction: doc.direction === 'in' ? 'in' : 'out',
  senderName: doc.senderName ?? null,
  clientMessageId: doc.clientMessageId ?? null,
  ...(doc.kind === 'note' ? { note: true as const } : {}),
  ...(attachmentOf(doc) ? { attachment: attachmentOf(doc) } : {}),
  ...(doc.deliveryStatus
    ? { deliveryStatus: doc.deliveryStatus, deliveryError: doc.deliveryError ?? null }
    : {}),
})

/**
 * The SSE event id of a message version: when it last changed, then its id. A reconnecting client
 * sends back the last one it saw and gets every message changed since.
 */
export const eventCursor = (doc: { id: number | string; updatedAt?: unknown }): string =>
  `${Date.parse(String(doc.updatedAt ?? new Date().toISOString()))}-${doc.id}`

export const parseEventCursor = (cursor: unknown): number | undefined => {
  if (typeof cursor !== 'string') return undefined
  const match = /^(\d{10,16})-\d+$/.exec(cursor)
  return match ? Number(match[1]) : undefined
}
