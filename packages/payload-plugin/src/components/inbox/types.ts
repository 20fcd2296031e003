/**
 * The shapes the inbox reads from Payload's REST API and Switchboard's endpoints. No React here.
 */

export type ID = number | string

/** Where a conversation stands for the team (docs/inbox.md, "Status"). */
export type ConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed'

/** `GET /api/switchboard/inbox/counts`: conversations per status, and in all. */
export type StatusCounts = Record<'all' | ConversationStatus, number>

export type ConversationSource = 'direct' | 'stream' | 'telegram' | 'widget'
export type ConversationType = 'channel' | 'direct' | 'group' | 'private' | 'supergroup' | 'widget'

export interface Label {
  id: ID
  name: string
  /** `#rrggbb`. */
  color?: null | string
}

/** A participant or the provider/customer as populated at depth 1 (users or telegram-users). */
export interface PersonDoc {
  id: ID
  displayName?: null | string
  email?: null | string
  firstName?: null | string
  lastName?: null | string
  username?: null | string
}

export interface Participant {
  relationTo: string
  value: ID | PersonDoc
}

export interface Conversation {
  id: ID
  title?: null | string
  source?: ConversationSource | null
  type?: ConversationType | null
  participants?: null | Participant[]
  provider?: ID | null | PersonDoc
  customer?: ID | null | PersonDoc
  /** Populated at depth 1. */
  labels?: Array<ID | Label> | null
  /** Telegram conversations: the account replies go through (populated at depth 1). */
  account?: ID | null | { id: ID; name?: string; status?: 'connected' | 'disabled' | 'needs-login' }
  isPinned?: boolean | null
  isArchived?: boolean | null
  isMuted?: boolean | null
  unreadCount?: null | number
  lastMessageAt?: null | string
  lastMessagePreview?: null | string
  streamSyncStatus?: null | string
  status?: ConversationStatus | null
  /** Snoozed conversations: when they reopen by themselves. */
  snoozedUntil?: null | string
  /** The staff member answering it (populated at depth 1); empty: unassigned. */
  assignee?: ID | null | PersonDoc
}

/** `note`: an internal note, for the team only (never sent, never shown to the customer). */
export type MessageKind = 'media' | 'note' | 'service' | 'text'

export interface Message {
  id: ID
  conversation?: ID | { id: ID } | null
  text?: null | string
  sentAt: string
  editedAt?: null | string
  deletedAt?: null | string
  direction: 'in' | 'out'
  kind?: MessageKind | null
  serviceAction?: null | string
  senderName?: null | string
  externalId?: null | number | string
  replyToExternalId?: null | number | string
  forwardFromName?: null | string
  forwardDate?: null | string
  mediaType?: null | string
  mediaMimeType?: null | string
  mediaFileName?: null | string
  mediaSize?: null | number
  mediaUrl?: null | string
  /** A file sent with the message (widget upload or a staff reply's), served by `GET /api/chat/attachments/:id`. */
  attachment?: ID | null | { id: ID }
  clientMessageId?: null | string
  /** Telegram replies: pending until the worker has sent them, or failed with the reason. */
  deliveryStatus?: 'failed' | 'pending' | 'sent' | null
  deliveryError?: null | string
}

/** A staff reply on its way: shown in the thread until the server has it. */
export interface PendingReply {
  clientMessageId: string
  text: string
  sentAt: string
  status: 'failed' | 'pending'
  error?: string
  /** An internal note rather than a reply. */
  note?: boolean
  /** A file to send with it: uploaded first, then `attachment` is its id (a retry does not upload again). */
  file?: File
  attachment?: ID
}

/** Payload's paginated list answer. */
export interface PaginatedDocs<T> {
  docs: T[]
  totalDocs: number
  hasNextPage: boolean
  page?: number
  totalPages?: number
}

/** Payload's create/update answer. */
export interface DocResponse<T> {
  doc: T
  message?: string
}

/** `data` of an event on `GET /api/switchboard/events`. */
export interface LiveMessageEvent {
  id: ID
  conversationId: ID
  text?: null | string
  sentAt?: string
  editedAt?: null | string
  deletedAt?: null | string
  direction?: 'in' | 'out'
  senderName?: null | string
  clientMessageId?: null | string
  deliveryStatus?: 'failed' | 'pending' | 'sent'
  deliveryError?: null | string
  /** Internal notes. */
  note?: true
}

export type LiveEventName = 'message' | 'message-deleted' | 'message-updated'

export interface LiveEvent {
  event: LiveEventName
  data: LiveMessageEvent
}

/** A canned reply (`canned-replies`), offered in the composer after `/`. */
export interface CannedReply {
  id: ID
  title: string
  text: string
  shortcut?: null | string
}

export interface SnippetPart {
  text: string
  match: boolean
}

export interface SearchResult {
  messageId: ID
  conversationId: ID
  conversationTitle?: null | string
  sentAt: string
  senderName?: null | string
  direction?: 'in' | 'out'
  snippet: SnippetPart[]
}

/** `GET /api/switchboard/search`. */
export interface SearchResponse {
  results: SearchResult[]
  nextCursor?: null | string
}

/** The list filters; empty values mean "any". */
export interface InboxFilters {
  /** `active` hides archived conversations; `archived` shows only them. */
  status: 'active' | 'all' | 'archived'
  /** The status tab; empty: every status. */
  conversationStatus: '' | ConversationStatus
  /** `me`: assigned to the current user; `unassigned`: to no one; empty: all. */
  assignee: '' | 'me' | 'unassigned'
  source: '' | ConversationSource
  type: '' | ConversationType
  unread: boolean
  pinned: boolean
  muted: boolean
  /** `me`: conversations whose provider is the current user. */
  provider: '' | 'me'
  labels: string[]
  title: string
}

export const defaultFilters: InboxFilters = {
  status: 'active',
  conversationStatus: 'open',
  assignee: '',
  source: '',
  type: '',
  unread: false,
  pinned: false,
  muted: false,
  provider: '',
  labels: [],
  title: '',
}

/** Collection slugs and limits the view passes down from the plugin's options. */
export interface InboxSettings {
  conversationsSlug: string
  messagesSlug: string
  labelsSlug: string
  cannedRepliesSlug: string
  /** Where staff upload reply attachments. */
  attachmentsSlug: string
  /** Largest attachment, in bytes, and the types allowed (the composer checks before uploading). */
  maxAttachmentBytes: number
  attachmentTypes: string[]
  /** The auth collection staff replies are attributed to (`sender`). */
  usersSlug: string
  /** Longest reply the composer accepts. */
  maxMessageLength: number
}

export interface CurrentUser {
  id: ID
  name: string
}
