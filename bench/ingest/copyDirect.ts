import type { Payload } from 'payload'

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { from as copyFrom } from 'pg-copy-streams'

import type { FixtureMessage } from './fixture'

import { copyChunks, copyColumns } from './copyText'

/**
 * The physical limit: one `COPY messages FROM STDIN` of every row, no conflict handling. Same
 * table, indexes and generated tsvector as the other methods, so only the write path differs.
 */
export const copyDirect = async (payload: Payload, conversationId: number, messages: FixtureMessage[]): Promise<void> => {
  const client = await payload.db.pool.connect()
  try {
    const copy = client.query(copyFrom(`copy messages (${copyColumns}) from stdin`))
    await pipeline(Readable.from(copyChunks(conversationId, messages)), copy)
  } finally {
    client.release()
  }
}
