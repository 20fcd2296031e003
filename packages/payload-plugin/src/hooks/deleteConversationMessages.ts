import type { CollectionBeforeDeleteHook } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import { unlink } from 'node:fs/promises'
import path from 'node:path'

import type { ResolvedSwitchboardOptions } from '../types'

import { dbFor } from '../db/sqlExecutor'
import { tableName } from '../db/tableName'

/**
 * conversations `beforeDelete`: a conversation's messages and attachments go with it, in the same
 * transaction (neither can exist without its conversation). One statement each, however long the
 * history; the attachments' files are removed from storage after.
 */
export const deleteConversationMessages =
  (options: ResolvedSwitchboardOptions): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const db = await dbFor(req)
    await db.execute(sql`delete from ${sql.identifier(tableName(options.slugs.messages))} where conversation_id = ${id}`)
    const { rows } = (await db.execute(
      sql`delete from ${sql.identifier(tableName(options.slugs.attachments))} where conversation_id = ${id} returning filename`,
    )) as { rows: Array<{ filename: null | string }> }
    for (const { filename } of rows) {
      if (filename) await unlink(path.join(options.attachments.staticDir, path.basename(filename))).catch(() => undefined)
    }
  }
