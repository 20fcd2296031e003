/**
 * The chat's wire contract between `@switchboard/payload-plugin`'s chat endpoints and this widget,
 * published as `@switchboard/widget/contract`: types only, so the server imports them with
 * `import type` and ships none of the widget. The widget needs nothing of the server's.
 */

/** A message as the chat endpoints return it (`'in'` = written by the customer, `'out'` = staff). */
export interface ChatMessage {
  id: number
  /** null once deleted. */
  text: null | string
  sentAt: string
  editedAt: null | string
  deletedAt: null | string
  direction: 'in' | 'out'
  senderName: null | string
  clientMessageId: null | string
  /** A file sent with the message; fetched from `GET /api/chat/attachments/<id>` with the session. Withheld once deleted. */
  attachment?: ChatAttachment
}

export interface ChatAttachment {
  id: number
  fileName: string
  mimeType: string
  size: number
}

/**
 * What the server accepts from the widget, from the plugin's options. (Attachments' size and types
 * are not here: the server refuses a file with a message the widget shows; the file picker's
 * `accept` is the page's choice.)
 */
export interface ChatLimits {
  /** Characters in a message's text (`chat.maxMessageLength`). */
  maxMessageLength: number
}

/** `POST /api/chat/sessions` → 201. */
export interface ChatSession {
  sessionToken: string
  conversationId: number
  expiresAt: string
  limits: ChatLimits
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

/** The customer the conversation is linked to after identify (`POST /api/chat/identify` → 200). */
export interface ChatCustomer {
  id: number | string
  email: string
  displayName?: string | null
}
