/**
 * Shared by the identity-linking admin components: the shapes the linking endpoints return and
 * the words shown for link sources and states. No React here.
 */

export type ID = number | string

export type LinkSource = 'auto' | 'manual' | 'verified'
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

/** A relationship value's populated document, or undefined when it is only an id (or empty). */
export const populated = <T extends { id: ID }>(value: ID | null | T | undefined): T | undefined =>
  value && typeof value === 'object' ? value : undefined

export const idOf = (value: ID | null | undefined | { id: ID }): ID | undefined =>
  value && typeof value === 'object' ? value.id : (value ?? undefined)

export const userLabel = (user: UserSummary): string => user.displayName || user.email || `User ${user.id}`

export const sourceLabels: Record<LinkSource, string> = {
  auto: 'Automatic (username match)',
  manual: 'Manual (staff)',
  verified: 'Verified on Telegram',
}

export const statusLabels: Record<LinkStatus, string> = {
  linked: 'Linked',
  stale: 'Stale: username changed',
  unlinked: 'Unlinked',
}

export const staleExplanation =
  'The Telegram username changed since the automatic link was made; check it is still the same person.'

/** `@name` for a stored (normalized) Telegram username. */
export const atUsername = (username: null | string | undefined): string => (username ? `@${username}` : '')
