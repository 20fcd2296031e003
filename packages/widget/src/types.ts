/** A message as the chat endpoints return it (`'in'` = written by the customer, `'out'` = staff). */
export interface ChatMessage {
  id: number
  text: string | null
  sentAt: string
  editedAt: string | null
  deletedAt: string | null
  direction: 'in' | 'out'
  senderName: string | null
  clientMessageId: string | null
  /** A file sent with the message; fetched from `/api/chat/attachments/<id>` with the session. */
  attachment?: ChatAttachment
}

export interface ChatAttachment {
  id: number
  fileName: string
  mimeType: string
  size: number
}

/** `GET /api/chat/messages` → 200. */
export interface ChatMessagesPage {
  messages: ChatMessage[]
  cursor: string | null
  /** The staff member the conversation is assigned to (display name only); null when none. */
  agent?: { name: string } | null
  /** Staff read the customer's messages sent up to this time; null when not yet. */
  seenAt?: string | null
}

/** `POST /api/chat/sessions` → 201. */
export interface ChatSession {
  sessionToken: string
  conversationId: number
  expiresAt: string
}

/** The customer the conversation is linked to after identify. */
export interface ChatCustomer {
  id: number | string
  email: string
  displayName?: string | null
}

/**
 * A customer message not yet confirmed by the server. `sending`: on its way; `queued`: waiting
 * for the network or a session (sent again with the same clientMessageId); `failed`: refused, the
 * customer may retry or discard it.
 */
export interface PendingMessage {
  clientMessageId: string
  text: string
  sentAt: string
  state: 'sending' | 'queued' | 'failed'
  tries: number
}
