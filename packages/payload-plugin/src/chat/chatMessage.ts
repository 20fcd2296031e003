import type { ChatAttachment, ChatMessage as WidgetChatMessage } from '@switchboard/widget/contract'

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

type MessageDoc = Record<string, unknown> & { id: number | string }

const attachmentOf = (doc: MessageDoc): ChatAttachment | undefined => {
  const value = doc.attachment
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value
  if (doc.deletedAt || (typeof id !== 'number' && typeof id !== 'string') || id === '') return undefined
  return {
    id: Number(id),
    fileName: (doc.mediaFileName as string | undefined) || 'attachment',
    mimeType: (doc.mediaMimeType as string | undefined) || 'application/octet-stream',
    size: Number(doc.mediaSize ?? 0),
  }
}

export const toChatMessage = (doc: MessageDoc): ChatMessage => ({
  id: Number(doc.id),
  text: doc.deletedAt ? null : ((doc.text as string | undefined) ?? ''),
  sentAt: doc.sentAt as string,
  editedAt: (doc.editedAt as string | undefined) ?? null,
  deletedAt: (doc.deletedAt as string | undefined) ?? null,
  direction: doc.direction === 'in' ? 'in' : 'out',
  senderName: (doc.senderName as string | undefined) ?? null,
  clientMessageId: (doc.clientMessageId as string | undefined) ?? null,
  ...(doc.kind === 'note' ? { note: true as const } : {}),
  ...(attachmentOf(doc) ? { attachment: attachmentOf(doc) } : {}),
  ...(doc.deliveryStatus
    ? { deliveryStatus: doc.deliveryStatus as ChatMessage['deliveryStatus'], deliveryError: (doc.deliveryError as string | undefined) ?? null }
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
