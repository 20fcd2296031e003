import type { CollectionBeforeDeleteHook } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

import { dbFor } from '../schema/sqlExecutor'
import { tableName } from '../schema/tableName'

/**
 * conversations `beforeDelete`: a conversation's messages go with it, in the same transaction
 * (a message cannot exist without its conversation). One statement, however long the history.
 */
export const deleteConversationMessages =
  (options: ResolvedSwitchboardOptions): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    await (await dbFor(req)).execute(
      sql`delete from ${sql.identifier(tableName(options.slugs.messages))} where conversation_id = ${id}`,
    )
  }
