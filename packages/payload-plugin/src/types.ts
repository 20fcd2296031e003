import type { CollectionConfig, Field } from 'payload'

/** The collections the plugin adds, keyed by their role in Switchboard. */
export type SwitchboardCollectionKey =
  | 'attachments'
  | 'cannedReplies'
  | 'chatSessions'
  | 'chatTokens'
  | 'conversations'
  | 'labels'
  | 'media'
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
   *   chatSessions: 'chat-sessions', labels: 'labels', syncLeases: 'sync-leases',
   *   messageVolume: 'message-volume', media: 'telegram-media', cannedReplies: 'canned-replies',
   *   attachments: 'chat-attachments' }
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
   * How many reverse proxies (load balancers, CDNs) in front of the app append the address they
   * received a request from to `X-Forwarded-For`. The client's address, which rate limits count,
   * is the entry that many places from the right of that list; entries further left were written
   * by the client and are never trusted. `0` means the app's own server is reached directly: the
   * rightmost entry, the connection's address appended by `npm start` / `npm run dev`.
   * @default 0
   */
  trustedProxies?: number

  /**
   * Largest request body, in bytes, that Switchboard's JSON endpoints read and that Payload's REST
   * and GraphQL API accept for Switchboard's collections; bigger requests get a 413.
   * @default 65536 (64 KB)
   */
  maxBodyBytes?: number

  /**
   * Stream Chat mirroring. Off unless an API key and secret are given (here or in the
   * environment); without them the plugin behaves as if Stream did not exist.
   */
  stream?: StreamOptions

  /** Telegram accounts: login, dialog discovery, history sync and media. */
  telegram?: TelegramOptions

  /** Chat links (`chat-tokens`). */
  chatTokens?: {
    /**
     * Lifetime of a new chat token when the creator does not set `expiresAt`, in days.
     * @default 7
     */
    defaultExpiryDays?: number
  }

  /** Who answers a conversation (`conversations.assignee`). */
  assignment?: {
    /**
     * Assign every new conversation to a staff member automatically, round-robin over staff and
     * admins marked available (`isAvailable` on their user). Nobody available: it stays unassigned.
     * @default false
     */
    autoAssign?: boolean
  }

  /** Notifications to staff. */
  notifications?: {
    /**
     * Email a staff member when a conversation is assigned to them by someone else or
     * automatically, through the host's Payload email adapter (`email` in the Payload config),
     * from the jobs queue.
     * @default false
     */
    emailOnAssign?: boolean
    /**
     * Email staff when a customer's message has waited this many minutes without a staff reply
     * (the assignee, or every staff member and admin when nobody is assigned), once per wait,
     * from the jobs queue. Off when unset or 0.
     * @default undefined (off)
     */
    emailAfterWaitingMinutes?: number
  }

  /** Website chat (the widget's endpoints under `/api/chat`). */
  chat?: {
    /**
     * Lifetime of a chat session token, in minutes; the widget renews it by resuming.
     * @default 1440 (one day)
     */
    sessionTtlMinutes?: number
    /**
     * How long after a chat session expired its token still renews it (`resume` in
     * `POST /api/chat/sessions`), in minutes: a visitor returning within this window continues
     * their conversation. An older or revoked session is not resumed.
     * @default 10080 (seven days: a returning visitor's usual horizon, and a chat link's default lifetime)
     */
    resumeWindowMinutes?: number
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
     * Self-registrations (`POST /api/users` by anyone but staff) per hour from one IP address, and
     * per logged-in account creating further accounts.
     * @default 10
     */
    registrationsPerHourPerIp?: number
    /**
     * Public URL of the page that hosts the widget; chat links are `<chatPageUrl>?token=…`.
     * @default '/chat-demo' on the app's own server
     */
    chatPageUrl?: string
  }

  /** Live event streams (Server-Sent Events) and the `LISTEN` connection behind them. */
  realtime?: RealtimeOptions

  /** Files attached to chat messages by customers (the widget) and staff (the inbox). */
  attachments?: AttachmentOptions
}

export interface AttachmentOptions {
  /**
   * Largest attachment, in bytes; a bigger one is refused with a 413 and nothing is stored.
   * @default 10485760 (10 MB)
   */
  maxBytes?: number
  /**
   * File types that may be attached (exact MIME types). PNG, JPEG, GIF, WebP and PDF are
   * recognised by their content, so a file that only claims to be one of them is refused with a
   * 415; other types you add are taken as the browser declares them. Never add `text/html` or
   * `image/svg+xml`: they can carry scripts.
   * @default ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']
   */
  mimeTypes?: string[]
  /**
   * Uploads per minute one chat session may make (`POST /api/chat/attachments`); more get a 429.
   * @default 10
   */
  uploadsPerMinutePerSession?: number
  /**
   * Directory the files are stored in (Payload's `upload.staticDir`).
   * @default '<cwd>/.data/attachments'
   */
  staticDir?: string
}

export interface RealtimeOptions {
  /**
   * Open event streams (`GET /api/chat/events`) one chat session may hold at once on one app
   * instance: a widget open in a few tabs. One more is refused with a 429. `0` turns the cap off.
   * @default 5
   */
  maxStreamsPerSession?: number
  /**
   * Open chat event streams from one client address (as rate limits count it, see
   * `trustedProxies`) at once on one app instance. One more is refused with a 429. `0` turns the
   * cap off.
   * @default 50
   */
  maxStreamsPerAddress?: number
  /**
   * Open staff event streams (`GET /api/switchboard/events`, the inbox) one logged-in user may
   * hold at once on one app instance. One more is refused with a 429. `0` turns the cap off.
   * @default 10
   */
  maxStreamsPerUser?: number
  /**
   * How often each app instance checks its `LISTEN` connection with a `select 1`, in seconds. A
   * check not answered within this time (at most 5 s) counts the connection as lost: it is
   * replaced and every open stream replays what it may have missed. This catches connections
   * that died without closing (a restarted proxy or NAT), which otherwise stop events silently.
   * @default 15
   */
  healthCheckSeconds?: number
}

export interface TelegramOptions {
  /**
   * Telegram API id of your app (https://my.telegram.org).
   * @default Number(process.env.TELEGRAM_API_ID)
   */
  apiId?: number
  /**
   * Telegram API hash of your app.
   * @default process.env.TELEGRAM_API_HASH
   */
  apiHash?: string
  /**
   * Key that encrypts Telegram sessions at rest (AES-256-GCM): 32 bytes as 64 hex characters or
   * base64. Required in production; in development a key is derived from the Payload secret.
   * @default process.env.SWITCHBOARD_ENCRYPTION_KEY
   */
  encryptionKey?: string
  /**
   * Keys that sessions may still be encrypted with after a rotation; they decrypt, never encrypt.
   * @default process.env.SWITCHBOARD_ENCRYPTION_KEY_PREVIOUS (comma-separated)
   */
  previousEncryptionKeys?: string[]
  /**
   * Session string a new login starts from. Empty means Telegram's own data centres; set it to
   * log in against another server (Telegram's test DCs, a local fake).
   * @default process.env.TELEGRAM_LOGIN_SESSION, else ''
   */
  loginSession?: string
  /**
   * `host:port` every Telegram connection dials instead of the address GramJS picks (which is
   * always port 80): for a proxy, Telegram's test DCs on another port, or a local fake.
   * @default process.env.TELEGRAM_DIAL_ADDRESS
   */
  dialAddress?: string
  /**
   * When dialog discovery runs for every connected account (cron, Payload Jobs Queue); `false` turns
   * the schedule off (discovery then runs when queued from the admin or the sync endpoints).
   * @default '*\/15 * * * *' (every 15 minutes)
   */
  discoverySchedule?: false | string
  /**
   * Messages per history request (Telegram allows at most 100).
   * @default 100
   */
  historyPageSize?: number
  /**
   * Longest FloodWait that is slept in place; longer waits reschedule the job for after the wait.
   * @default 30
   */
  floodSleepMaxSeconds?: number
  /**
   * FloodWaits slept in place per request before the job is rescheduled instead.
   * @default 3
   */
  floodRetries?: number
  /**
   * How many of a conversation's newest stored messages an incremental sync re-reads by id to
   * pick up edits and deletions it would otherwise only hear of from the listener. `0` turns it off.
   * @default 50
   */
  recheckWindow?: number
  /** Media of synced messages. */
  media?: {
    /**
     * Download media at all.
     * @default true
     */
    enabled?: boolean
    /**
     * Largest file downloaded, in bytes; bigger ones are recorded as skipped.
     * @default 20 * 1024 * 1024
     */
    maxBytes?: number
    /**
     * Parallel downloads per Telegram account (at most 3).
     * @default 3
     */
    concurrencyPerAccount?: number
    /**
     * Folder the upload collection stores files in.
     * @default '<cwd>/.data/media'
     */
    staticDir?: string
  }
}

export interface ResolvedTelegramOptions {
  apiId: number
  apiHash: string
  encryptionKey?: string
  previousEncryptionKeys: string[]
  loginSession: string
  dialAddress?: string
  discoverySchedule: false | string
  historyPageSize: number
  floodSleepMaxSeconds: number
  floodRetries: number
  recheckWindow: number
  media: { enabled: boolean; maxBytes: number; concurrencyPerAccount: number; staticDir: string }
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
  /**
   * Largest webhook body Stream may send, in bytes; bigger ones get a 413 before they are read.
   * @default 1048576 (1 MB)
   */
  webhookMaxBytes?: number
}

export interface ResolvedStreamOptions {
  apiKey: string
  apiSecret: string
  baseURL?: string
  idPrefix: string
  channelType: string
  mirroredSources: MirroredSource[]
  companyChannelRole: string
  webhookMaxBytes: number
}

/** Options after defaults are applied; what every collection factory receives. */
export interface ResolvedSwitchboardOptions {
  usersCollection: string
  slugs: SwitchboardSlugs
  overrides: Partial<Record<SwitchboardCollectionKey, CollectionOverride>>
  adminGroup: string
  disabled: boolean
  trustedProxies: number
  maxBodyBytes: number
  chatTokens: { defaultExpiryDays: number }
  assignment: { autoAssign: boolean }
  notifications: { emailOnAssign: boolean; emailAfterWaitingMinutes?: number }
  chat: Required<NonNullable<SwitchboardOptions['chat']>>
  realtime: Required<RealtimeOptions>
  attachments: Required<AttachmentOptions>
  telegram: ResolvedTelegramOptions
  /** Undefined when Stream is not configured. */
  stream?: ResolvedStreamOptions
}
