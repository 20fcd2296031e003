import type { Payload } from 'payload'

import type { fixtureChecksum } from './fixture'

type Checksum = ReturnType<typeof fixtureChecksum>

/** Empties messages so every method starts on the same empty table and indexes. */
export const resetMessages = async (payload: Payload): Promise<void> => {
  await payload.db.pool.query('truncate messages restart identity cascade')
  // Flush dirty pages now, so a checkpoint does not land inside the next method's timing.
  // CHECKPOINT needs superuser or pg_checkpoint; without it the figures are only noisier.
  await payload.db.pool.query('checkpoint').catch(() => undefined)
}

/**
 * Throws unless the conversation holds exactly the expected rows, ids and text: a method that
 * dropped, duplicated or truncated anything must not get to report a rate.
 */
export const assertStored = async (payload: Payload, conversationId: number, expected: Checksum, method: string) => {
  const { rows } = await payload.db.pool.query<{ rows: number; id_sum: string; chars: string }>(
    `select count(*)::int as rows, coalesce(sum(external_id), 0)::text as id_sum,
            coalesce(sum(char_length(text)), 0)::text as chars
       from messages where conversation_id = $1`,
    [conversationId],
  )
  const actual = { rows: rows[0]!.rows, externalIdSum: Number(rows[0]!.id_sum), textChars: Number(rows[0]!.chars) }
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${method}: stored ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`)
  }
}
