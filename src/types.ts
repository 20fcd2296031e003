import type { CollectionConfig, Field } from 'payload'

/** The collections the plugin adds, keyed by their role in Switchboard. */
export type SwitchboardCollectionKey =
  | 'chatTokens'
  | 'conversations'
  | 'labels'
  | 'messages'
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
   *   labels: 'labels', syncLeases: 'sync-leases' }
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

  /** Chat links (`chat-tokens`). */
  chatTokens?: {
    /**
     * Lifetime of a new chat token when the creator does not set `expiresAt`, in days.
     * @default 7
     */
    defaultExpiryDays?: number
  }
}

/** Options after defaults are applied; what every collection factory receives. */
export interface ResolvedSwitchboardOptions {
  usersCollection: string
  slugs: SwitchboardSlugs
  overrides: Partial<Record<SwitchboardCollectionKey, CollectionOverride>>
  adminGroup: string
  disabled: boolean
  chatTokens: { defaultExpiryDays: number }
}
