/**
 * Shared by the identity-linking admin components: the shapes the linking endpoints return, one
 * JSON request helper that turns Payload's `{ errors: [{ message }] }` into a readable message,
 * and the words shown for link sources and states. No React here.
 */

export type ID = number | string

export type LinkSource = 'auto' | 'manual'
export type LinkStatus = 'linked' | 'stale' | 'unlinked'

/** A user as the linking endpoints and the users REST API return it (depth ≥ 1). */
export interface UserSummary {
  id: ID
  email?: null | string
  displayName?: null | string
  telegramUsername?: null | string
}

/** A telegram-users document as `POST …/link`, `POST …/unlink` and `GET /api/telegram-users/:id?depth=1` return it. */
export interface TelegramUserLink {
  id: ID
  telegramId?: null | number | string
  username?: null | string
  displayName?: null | string
  /** Populated at depth ≥ 1; an id at depth 0. */
  user?: ID | null | UserSummary
  linkSource?: LinkSource | null
  linkStatus?: LinkStatus | null
  linkedAt?: null | string
  linkedBy?: ID | null | UserSummary
  linkedUsername?: null | string
}

export interface ConversationSummary {
  id: ID
  title?: null | string
  type?: null | string
  source?: null | string
  lastMessageAt?: null | string
}

/** `GET /api/switchboard/users/:id/links`. */
export interface UserLinksReport {
  user: UserSummary
  telegramAccounts: Array<{
    id: ID
    telegramId?: null | number | string
    username?: null | string
    displayName?: null | string
    linkSource?: LinkSource | null
    linkStatus?: LinkStatus | null
    linkedAt?: null | string
    linkedBy?: null | UserSummary
    conversations: ConversationSummary[]
    /** All conversations through this account; `conversations` may list fewer. */
    totalConversations?: number
  }>
  directConversations: Array<ConversationSummary & { via?: 'customer' | 'participant' }>
  totalVisible: number
}

export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'RequestError'
  }
}

/** The message of a Payload error body (`{ errors: [{ message }] }` or `{ message }`), if any. */
export const errorMessageOf = (body: unknown): string | undefined => {
  if (!body || typeof body !== 'object') return undefined
  const { errors, message } = body as { errors?: unknown; message?: unknown }
  if (Array.isArray(errors)) {
    const messages = errors
      .map((error) => (error && typeof error === 'object' ? (error as { message?: unknown }).message : undefined))
      .filter((text): text is string => typeof text === 'string' && text.length > 0)
    if (messages.length > 0) return messages.join(' ')
  }
  return typeof message === 'string' && message.length > 0 ? message : undefined
}

const fallbackMessage = (status: number): string => {
  if (status === 401) return 'Your session has ended. Log in again and retry.'
  if (status === 403) return 'You are not allowed to do this.'
  if (status === 404) return 'Not found. It may have been deleted, or the server does not offer this yet.'
  return `The server answered ${status}. Try again in a moment.`
}

/**
 * Same-origin JSON request with Payload's cookie auth. Resolves with the parsed body of a 2xx
 * answer; otherwise rejects with a RequestError whose message can be shown to the person.
 * An aborted request rejects with the AbortError itself, so callers can ignore it.
 */
export const requestJson = async <T>(url: string, init: RequestInit = {}): Promise<T> => {
  let response: Response
  try {
    response = await fetch(url, {
      credentials: 'include',
      ...init,
      headers: {
        Accept: 'application/json',
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
    })
  } catch (error) {
    if (isAbort(error)) throw error
    throw new RequestError('Could not reach the server. Check your connection and try again.', 0)
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) throw new RequestError(errorMessageOf(body) ?? fallbackMessage(response.status), response.status)
  return body as T
}

export const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError'

export const messageOf = (error: unknown): string =>
  error instanceof RequestError ? error.message : 'Something went wrong. Try again in a moment.'

/** A relationship value's populated document, or undefined when it is only an id (or empty). */
export const populated = <T extends { id: ID }>(value: ID | null | T | undefined): T | undefined =>
  value && typeof value === 'object' ? value : undefined

export const idOf = (value: ID | null | undefined | { id: ID }): ID | undefined =>
  value && typeof value === 'object' ? value.id : (value ?? undefined)

export const userLabel = (user: UserSummary): string => user.displayName || user.email || `User ${user.id}`

export const sourceLabels: Record<LinkSource, string> = {
  auto: 'Automatic (username match)',
  manual: 'Manual (staff)',
}

export const statusLabels: Record<LinkStatus, string> = {
  linked: 'Linked',
  stale: 'Stale: username changed',
  unlinked: 'Unlinked',
}

export const staleExplanation =
  'The Telegram username changed since the automatic link was made; check it is still the same person.'

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** A date for people; empty for missing or unparseable input. */
export const formatDate = (value: null | string | undefined): string => {
  if (!value) return ''
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date)
}

/** `@name` for a stored (normalized) Telegram username. */
export const atUsername = (username: null | string | undefined): string => (username ? `@${username}` : '')
