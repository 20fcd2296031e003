import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { accessChangeKind, messagesChannel } from './notifications'
import { collectionTable } from './tables'

/** Chat links (chat-tokens) and the sessions opened through them. */
const chatTokens = collectionTable('chatTokens', ['id', 'uses', 'max_uses', 'last_used_at'])
const chatSessions = collectionTable('chatSessions', ['chat_token_id', 'conversation_id', 'revoked_at', 'expires_at'])

/** Counts one use of a chat link, atomically; false (nothing counted) when its use limit is reached. */
export const countChatLinkUse = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, tokenId: number): Promise<boolean> => {
  const { rows } = await db.execute(sql`
    update ${chatTokens.ref(options)} set uses = coalesce(uses, 0) + 1, last_used_at = now()
    where id = ${tokenId} and (max_uses is null or coalesce(uses, 0) < max_uses) returning id`)
  return rows.length > 0
}

/**
 * Announces an access change (`pg_notify`, delivered when the caller's transaction commits) for
 * every conversation with a live session opened through the chat link: one statement.
 */
export const notifyLinkSessionsAccess = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, tokenId: number): Promise<void> => {
  await db.execute(sql`
    select pg_notify(${messagesChannel}, json_build_object('c', conversation_id, 'k', ${accessChangeKind}::text)::text)
    from (
      select distinct conversation_id from ${chatSessions.ref(options)}
      where chat_token_id = ${tokenId} and conversation_id is not null and revoked_at is null and expires_at > now()
    ) live`)
}
