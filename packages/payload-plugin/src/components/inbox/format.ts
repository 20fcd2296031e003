/**
 * Words and formats the inbox shows: times, sources, media descriptions, safe links. No React here.
 */
import type { Conversation, ConversationSource, ConversationType, ID, Label, Message, Participant, PersonDoc } from './types'

export const sourceLabels: Record<ConversationSource, string> = {
  telegram: 'Telegram',
  widget: 'Website chat',
  direct: 'Direct',
  stream: 'Stream Chat',
}

export const typeLabels: Record<ConversationType, string> = {
  private: 'Private',
  group: 'Group',
  supergroup: 'Supergroup',
  channel: 'Channel',
  widget: 'Widget',
  direct: 'Direct',
}

export const conversationTitle = (conversation: Pick<Conversation, 'id' | 'title'>): string =>
  conversation.title?.trim() || `Conversation ${conversation.id}`

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' })
const yearDayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
const longDayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })

const parse = (value: null | string | undefined): Date | undefined => {
  if (!value) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()

/** `14:05` today, `3 Mar` this year, `3 Mar 2024` before. For list rows. */
export const shortWhen = (value: null | string | undefined, now = new Date()): string => {
  const date = parse(value)
  if (!date) return ''
  if (sameDay(date, now)) return timeFormat.format(date)
  return date.getFullYear() === now.getFullYear() ? dayFormat.format(date) : yearDayFormat.format(date)
}

export const timeOf = (value: null | string | undefined): string => {
  const date = parse(value)
  return date ? timeFormat.format(date) : ''
}

/** A local calendar-day key, for separators between days in the thread. */
export const dayKey = (value: null | string | undefined): string => {
  const date = parse(value)
  return date ? `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}` : ''
}

export const dayLabel = (value: null | string | undefined, now = new Date()): string => {
  const date = parse(value)
  if (!date) return ''
  if (sameDay(date, now)) return 'Today'
  const yesterday = new Date(now)
  yesterday.setDate(now.getDate() - 1)
  if (sameDay(date, yesterday)) return 'Yesterday'
  return longDayFormat.format(date)
}

export const personName = (person: ID | null | PersonDoc | undefined): string | undefined => {
  if (!person || typeof person !== 'object') return undefined
  const full = [person.firstName, person.lastName].filter(Boolean).join(' ')
  return person.displayName || full || (person.username ? `@${person.username}` : undefined) || person.email || undefined
}

export const participantNames = (participants: null | Participant[] | undefined): string[] =>
  (participants ?? []).map((participant) => personName(participant.value)).filter((name): name is string => Boolean(name))

/** Populated labels of a conversation, resolving bare ids against the known labels. */
export const labelsOf = (conversation: Pick<Conversation, 'labels'>, known: Label[]): Label[] =>
  (conversation.labels ?? [])
    .map((label) => (typeof label === 'object' ? label : known.find((candidate) => String(candidate.id) === String(label))))
    .filter((label): label is Label => Boolean(label))

export const labelIdsOf = (conversation: Pick<Conversation, 'labels'>): string[] =>
  (conversation.labels ?? []).map((label) => String(typeof label === 'object' ? label.id : label))

const hexColor = /^#[0-9a-f]{6}$/i
/** A label's colour for CSS, or a neutral grey when it is not a `#rrggbb` value. */
export const labelColor = (label: Pick<Label, 'color'>): string => (label.color && hexColor.test(label.color) ? label.color : '#64748b')

const mediaNames: Record<string, string> = {
  photo: 'Photo',
  video: 'Video',
  document: 'File',
  audio: 'Audio',
  voice: 'Voice message',
  sticker: 'Sticker',
  animation: 'GIF',
  contact: 'Contact',
  location: 'Location',
  poll: 'Poll',
  other: 'Attachment',
}

/** `2.5 MB`, `300 KB`; empty for no size. */
export const sizeOf = (bytes: null | number | undefined): string => {
  if (!bytes || bytes <= 0) return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** `File: report.pdf (2.1 MB)`, `Photo`, … */
export const mediaDescription = (message: Pick<Message, 'mediaFileName' | 'mediaSize' | 'mediaType'>): string => {
  const name = mediaNames[message.mediaType ?? ''] ?? 'Attachment'
  const size = sizeOf(message.mediaSize)
  const file = message.mediaFileName ? `: ${message.mediaFileName}` : ''
  return `${name}${file}${size ? ` (${size})` : ''}`
}

/**
 * A link target that is safe to put in `href`/`src`: http(s) or same-origin paths only, never
 * `javascript:` or `data:`. Undefined otherwise.
 */
export const safeUrl = (value: null | string | undefined, origin: string): string | undefined => {
  if (!value) return undefined
  try {
    const url = new URL(value, origin)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined
  } catch {
    return undefined
  }
}

/** Text of a service message: Telegram's action name made readable when there is no text. */
export const serviceText = (message: Pick<Message, 'serviceAction' | 'text'>): string => {
  if (message.text?.trim()) return message.text
  const action = message.serviceAction?.replace(/^messageAction/, '').replace(/([a-z])([A-Z])/g, '$1 $2')
  return action ? action.charAt(0).toUpperCase() + action.slice(1).toLowerCase() : 'Service message'
}

/** A short excerpt of a message for reply context. */
export const excerpt = (message: Pick<Message, 'deletedAt' | 'kind' | 'mediaFileName' | 'mediaSize' | 'mediaType' | 'text'>, length = 90): string => {
  if (message.deletedAt) return 'Deleted message'
  const text = message.text?.trim() || (message.kind === 'media' ? mediaDescription(message) : '')
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}

/** A random id for a reply's idempotency key (works outside secure contexts too). */
export const newClientMessageId = (): string => {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return `staff-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`
}

/** Orders messages oldest first: by sentAt, then id. */
export const compareMessages = (a: Pick<Message, 'id' | 'sentAt'>, b: Pick<Message, 'id' | 'sentAt'>): number => {
  const at = Date.parse(a.sentAt) - Date.parse(b.sentAt)
  if (at !== 0 && !Number.isNaN(at)) return at
  const ai = Number(a.id)
  const bi = Number(b.id)
  return Number.isNaN(ai) || Number.isNaN(bi) ? String(a.id).localeCompare(String(b.id)) : ai - bi
}
