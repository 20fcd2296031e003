import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions, SwitchboardCollectionKey } from '../types'

import { tableName } from './tableName'

/**
 * A table Switchboard's own SQL uses, with the columns it names. Every module in db/ declares its
 * tables through these helpers and writes their names through `ref`, so the schema test
 * (test/integration/dbSchema.test.ts) can hold each declared column against the schema Payload
 * generates: renaming a field without updating the SQL fails there, not in production.
 */
export interface DeclaredTable {
  /** The table's name under `options` (slugs and the users collection are configurable). */
  name: (options: ResolvedSwitchboardOptions) => string
  columns: readonly string[]
  /** The quoted table name, for a `sql` template. */
  ref: (options: ResolvedSwitchboardOptions) => TableIdentifier
}

type TableIdentifier = ReturnType<typeof sql.identifier>

/** Every table declared so far, once each db/ module is loaded. */
export const declaredTables: DeclaredTable[] = []

const declare = (name: DeclaredTable['name'], columns: readonly string[]): DeclaredTable => {
  const table = { name, columns, ref: (options: ResolvedSwitchboardOptions) => sql.identifier(name(options)) }
  declaredTables.push(table)
  return table
}

/** The table of one of Switchboard's collections. */
export const collectionTable = (key: SwitchboardCollectionKey, columns: readonly string[]) =>
  declare((options) => tableName(options.slugs[key]), columns)

/** The host's users collection. */
export const usersTable = (columns: readonly string[]) => declare((options) => tableName(options.usersCollection), columns)

/** The users' login sessions (auth with `useSessions`). */
export const userSessionsTable = (columns: readonly string[]) => declare((options) => `${tableName(options.usersCollection)}_sessions`, columns)

/** The users' `roles` (a `hasMany` select: a table of its own). */
export const userRolesTable = (columns: readonly string[]) => declare((options) => `${tableName(options.usersCollection)}_roles`, columns)

/** The conversations' status log (the `statusEvents` array field). */
export const statusEventsTable = (columns: readonly string[]) =>
  declare((options) => `${tableName(options.slugs.conversations)}_status_events`, columns)

/** The relationships of one of Switchboard's collections (`hasMany` and polymorphic ones: `<table>_rels`). */
export const relsTable = (key: SwitchboardCollectionKey, columns: readonly string[]) =>
  declare((options) => `${tableName(options.slugs[key])}_rels`, columns)

/** A table whose name no option changes (Payload's jobs, the rate-limit counters), with its quoted name at hand. */
export const fixedTable = (name: string, columns: readonly string[]) => ({ ...declare(() => name, columns), sql: sql.identifier(name) })
