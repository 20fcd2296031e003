import type { PostgresAdapter, PostgresAdapterArgs } from '@payloadcms/db-postgres'
import type { Field } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'
import { type AnyPgColumn, bigint, customType, index, integer, timestamp, varchar } from '@payloadcms/db-postgres/drizzle/pg-core'

import type { ResolvedSwitchboardOptions } from '../types'

import { isBigintField } from '../fields/bigintNumber'
import { rateLimitTable } from './rateLimits'
import { tableName } from './tableName'

type SchemaHook = NonNullable<PostgresAdapterArgs['afterSchemaInit']>[number]

/** Text search configuration of the stored message vector; `simple` suits multilingual chats. */
export const messageSearchConfig = 'simple'

/** Name of the stored `tsvector` column on messages; queries must use this column to hit the index. */
export const messageSearchColumn = 'search_vector'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })


/** Top-level data fields, looking through rows, collapsibles and unnamed tabs (no column prefix). */
const topLevelFields = (fields: Field[]): Field[] =>
  fields.flatMap((field): Field[] => {
    if (field.type === 'row' || field.type === 'collapsible') return topLevelFields(field.fields)
    if (field.type === 'tabs')
      return field.tabs.flatMap((tab) => ('name' in tab && tab.name ? [] : topLevelFields(tab.fields)))
    return [field]
  })

/**
 * `afterSchemaInit` hook: column types, indexes and tables Payload's field config cannot express. Because
 * it runs while the schema is built, drizzle-kit sees the result and `payload migrate:create`
 * writes it into migrations, exactly like Payload's own columns.
 */
export const extendSchema =
  (options: ResolvedSwitchboardOptions): SchemaHook =>
  ({ adapter, extendTable, schema }) => {
    const pg = adapter as unknown as PostgresAdapter
    const tableOf = (slug: string) => {
      const name = pg.tableNameMap.get(tableName(slug))
      return name ? schema.tables[name] : undefined
    }

    for (const collection of pg.payload.config.collections) {
      const table = tableOf(collection.slug)
      if (!table) continue
      for (const field of topLevelFields(collection.fields)) {
        if (!('name' in field) || field.type !== 'number' || !isBigintField(field)) continue
        const column = (table as unknown as Record<string, { name: string }>)[field.name]
        if (!column) continue
        extendTable({ table, columns: { [field.name]: bigint(column.name, { mode: 'number' }) } })
      }
    }

    const messages = tableOf(options.slugs.messages)
    if (messages) {
      extendTable({
        table: messages,
        columns: {
          searchVector: tsvector(messageSearchColumn).generatedAlwaysAs(
            sql.raw(`to_tsvector('${messageSearchConfig}'::regconfig, coalesce("text", ''))`),
          ),
        },
        extraConfig: (t) => {
          const c = t as Record<string, AnyPgColumn>
          // The response and resolution reports (src/stats/helpdeskReport.ts): a conversation's
          // first customer message and first staff reply after a time, each one index probe.
          // Partial, so together they cost about one index: notes and service messages are neither.
          const counted = sql`${c.deletedAt!} is null and ${c.kind!} not in ('note', 'service')`
          return {
            messagesSearchIdx: index(`${tableName(options.slugs.messages)}_search_idx`).using('gin', c.searchVector!),
            messagesCustomerIdx: index(`${tableName(options.slugs.messages)}_customer_idx`)
              .on(c.conversation!, c.sentAt!)
              .where(sql`${c.direction!} = 'in' and ${counted}`),
            messagesStaffReplyIdx: index(`${tableName(options.slugs.messages)}_staff_reply_idx`)
              .on(c.conversation!, c.sentAt!)
              .where(sql`${c.direction!} = 'out' and ${counted}`),
          }
        },
      })
    }

    // The status log (conversations' `statusEvents`): a conversation's reopenings and resolutions
    // by time, each one index probe for the reports (src/stats/helpdeskReport.ts).
    const statusEvents = schema.tables[`${tableName(options.slugs.conversations)}_status_events`]
    if (statusEvents) {
      const name = `${tableName(options.slugs.conversations)}_status_events`
      extendTable({
        table: statusEvents,
        extraConfig: (t) => {
          const c = t as Record<string, AnyPgColumn>
          return {
            reopenIdx: index(`${name}_reopen_idx`)
              .on(c._parentID!, c.at!)
              .where(sql`${c.previous!} = 'resolved' and ${c.status!} <> 'resolved'`),
            resolvedIdx: index(`${name}_resolved_idx`).on(c._parentID!, c.at!).where(sql`${c.status!} = 'resolved'`),
          }
        },
      })
    }

    // Rate-limit counters (src/db/rateLimits.ts): no collection, so no API, admin or hooks.
    const rateLimits = pg.pgSchema.table(
      rateLimitTable,
      {
        key: varchar('key').primaryKey(),
        hits: integer('hits').notNull(),
        resetAt: timestamp('reset_at', { mode: 'string', precision: 3, withTimezone: true }).notNull(),
      },
      (t) => [index(`${rateLimitTable}_reset_at_idx`).on(t.resetAt)],
    )
    return { ...schema, tables: { ...schema.tables, [rateLimitTable]: rateLimits } }
  }
