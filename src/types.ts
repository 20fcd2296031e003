import type { CollectionConfig, Field } from 'payload'

/** The collections the plugin adds, keyed by their role in Switchboard. */
export type SwitchboardCollectionKey =
  | 'chatTokens'
  | 'conversations'
  | 'labels'
  | 'messages'
  | 'messageVolume'
  | 'syncLeases'
  | 'telegramAccounts'
  | 'telegramUsers'

export type SwitchboardSlugs = Record<SwitchboardCollectionKey, string>

/**
 * Changes to one collection the plugin adds. Everything except `fields` is merged into the
 * collection config (hooks are appended to the plugin's own, never replacing them).
 */
export type CollectionOverride = {
  /**
   * Receives the plugin's fields and returns the collection's fields. Keep the default fields
   * unless you know what reads them: the sync engine, endpoints and admin rely on them.
   * @default ({ defaultFields }) => defaultFields
   */
  fields?: (args: { defaultFields: Field[] }) => Field[]
} & Partial<Omit<CollectionConfig, 'fields' | 'slug'>>

export interface SwitchboardOptions {
  /**
   * Slug of the host's auth collection that Switchboard extends with `roles`,
   * `telegramUsername`, `accountType`, `displayName` and `avatarUrl`.
   * @default 'users'
   */
  usersCollection?: string

  /**
   * Slugs of the collections the plugin adds. Change them before the first migration:
   * a slug names the table.
   * @default { telegramAccounts: 'telegram-accounts', telegramUsers: 'telegram-users',
   *   conversations: 'conversations', messages: 'messages', chatTokens: 'chat-tokens',
   *   labels: 'labels', syncLeases: 'sync-leases', messageVolume: 'message-volume' }
   */
  slugs?: Partial<SwitchboardSlugs>

  /**
   * Per-collection overrides, keyed like `slugs`.
   * @default {}
   */
  overrides?: Partial<Record<SwitchboardCollectionKey, CollectionOverride>>

  /**
   * Sidebar group of the plugin's collections in the admin.
   * @default 'Switchboard'
   */
  adminGroup?: string

  /**
   * Turns Switchboard's behaviour off (hooks, endpoints) while keeping every collection and
   * field, so the database schema stays the same and can be turned back on without a migration.
   * Access control stays in force.
   * @default false
   */
  disabled?: boolean

  /**
   * Stream Chat mirroring. Off unless an API key and secret are given (here or in the
   * environment); without them the plugin behaves as if Stream did not exist.
   */
  stream?: StreamOptions

  /** Chat links (`chat-tokens`). */
  chatTokens?: {
    /**
     * Lifetime of a new chat token when the creator does not set `expiresAt`, in days.
     * @default 7
     */
    defaultExpiryDays?: number
  }

  /** Website chat (the widget's endpoints under `/api/chat`). */
  chat?: {
    /**
     * Lifetime of a chat session token, in minutes; the widget renews it by resuming.
     * @default 1440 (one day)
     */
    sessionTtlMinutes?: number
    /**
     * Longest message a customer may send, in characters.
     * @default 4000
     */
    maxMessageLength?: number
    /**
     * New chat sessions per minute from one IP address.
     * @default 10
     */
    sessionsPerMinutePerIp?: number
    /**
     * New chat sessions per minute on one chat token.
     * @default 30
     */
    sessionsPerMinutePerToken?: number
    /**
     * Self-registrations (`POST /api/users` without a login) per hour from one IP address.
     * @default 10
     */
    registrationsPerHourPerIp?: number
    /**
     * Public URL of the page that hosts the widget; chat links are `<chatPageUrl>?token=…`.
     * @default '/chat-demo' on the app's own server
     */
    chatPageUrl?: string
  }
}

export type MirroredSource = 'direct' | 'stream' | 'telegram' | 'widget'

export interface StreamOptions {
  /**
   * Stream API key.
   * @default process.env.STREAM_API_KEY
   */
  apiKey?: string
  /**
   * Stream API secret (server side only; also verifies webhooks).
   * @default process.env.STREAM_API_SECRET
   */
  apiSecret?: string
  /**
   * Base URL of the Stream API, e.g. a local fake in tests.
   * @default process.env.STREAM_BASE_URL, else Stream's own
   */
  baseURL?: string
  /**
   * Prefix of every Stream id Switchboard derives (users, channels, messages), so several
   * apps can share one Stream app.
   * @default 'sb'
   */
  idPrefix?: string
  /**
   * Stream channel type of mirrored conversations.
   * @default 'messaging'
   */
  channelType?: string
  /**
   * Conversation sources that are mirrored.
   * @default ['direct', 'widget']
   */
  mirroredSources?: MirroredSource[]
  /**
   * Channel-level role of company accounts (`accountType: 'company'`) in their channels. Nobody
   * gets Stream's global `admin` role for what they are.
   * @default 'channel_moderator'
   */
  companyChannelRole?: string
}

export interface ResolvedStreamOptions {
  apiKey: string
  apiSecret: string
  baseURL?: string
  idPrefix: string
  channelType: string
  mirroredSources: MirroredSource[]
  companyChannelRole: string
}

/** Options after defaults are applied; what every collection factory receives. */
export interface ResolvedSwitchboardOptions {
  usersCollection: string
  slugs: SwitchboardSlugs
  overrides: Partial<Record<SwitchboardCollectionKey, CollectionOverride>>
  adminGroup: string
  disabled: boolean
  chatTokens: { defaultExpiryDays: number }
  chat: Required<NonNullable<SwitchboardOptions['chat']>>
  /** Undefined when Stream is not configured. */
  stream?: ResolvedStreamOptions
}
