import type { BenchCase, Measurement } from '../types'

import { copyDirect } from '../ingest/copyDirect'
import { createEach } from '../ingest/createEach'
import { engineUpsert } from '../ingest/engineUpsert'
import { fixtureChecksum, fixtureMessages, type FixtureMessage, pages } from '../ingest/fixture'
import { openStaging } from '../ingest/stagingUpsert'
import { assertStored, resetMessages } from '../ingest/tableState'
import { unnestUpsert } from '../ingest/unnestUpsert'

const totalRows = 100_000
const pageSize = 1_000
// payload.create runs at a few hundred rows/s here: 100k would take minutes, 2k gives a stable rate.
const createSample = 2_000

const rate = (rows: number, ms: number) => Math.round((rows * 1000) / ms)
const ratio = (value: number, baseline: number) => Math.round((value / baseline) * 1000) / 1000

/**
 * Writing 100,000 messages into one conversation: COPY (the physical limit), the engine's drizzle
 * page upsert, two faster upsert shapes, and `payload.create` one by one. Each method starts from
 * an empty table and must leave exactly the fixture behind before its rate counts.
 */
export const ingest: BenchCase = async ({ payload, progress }) => {
  const conversation = await payload.create({
    collection: 'conversations',
    data: { source: 'telegram', type: 'supergroup', title: 'Bench ingest', externalId: 1 },
  })
  const conversationId = conversation.id as number
  const messages = fixtureMessages(totalRows)
  const expected = fixtureChecksum(messages)

  /** Times `write` on an empty table and verifies the result; returns rows per second. */
  const measure = async (method: string, rows: FixtureMessage[], write: () => Promise<void>): Promise<number> => {
    await resetMessages(payload)
    progress(`ingest: ${method}, ${rows.length.toLocaleString('en-US')} rows`)
    const started = performance.now()
    await write()
    const ms = performance.now() - started
    await assertStored(payload, conversationId, rows === messages ? expected : fixtureChecksum(rows), method)
    progress(`ingest: ${method} ${rate(rows.length, ms).toLocaleString('en-US')} rows/s (${(ms / 1000).toFixed(1)} s)`)
    return rate(rows.length, ms)
  }
  const eachPage = (write: (page: FixtureMessage[]) => Promise<void>) => async () => {
    for (const page of pages(messages, pageSize)) await write(page)
  }

  const copy = await measure('copy', messages, () => copyDirect(payload, conversationId, messages))
  const engine = await measure('engine', messages, eachPage((page) => engineUpsert(payload, conversationId, page)))
  const unnest = await measure('unnest', messages, eachPage((page) => unnestUpsert(payload, conversationId, page)))
  const staging = await openStaging(payload)
  const staged = await measure('staging', messages, eachPage((page) => staging.upsertPage(conversationId, page))).finally(
    staging.close,
  )
  const sample = messages.slice(0, createSample)
  const create = await measure('create', sample, () => createEach(payload, conversationId, sample))
  await resetMessages(payload)

  const results: Measurement[] = [
    { metric: 'copy_rows_per_s', value: copy, unit: 'rows/s' },
    { metric: 'engine_rows_per_s', value: engine, unit: 'rows/s' },
    { metric: 'unnest_rows_per_s', value: unnest, unit: 'rows/s' },
    { metric: 'staging_rows_per_s', value: staged, unit: 'rows/s' },
    { metric: 'create_rows_per_s', value: create, unit: 'rows/s' },
    { metric: 'create_sample_rows', value: sample.length, unit: 'rows' },
    {
      metric: 'engine_vs_copy',
      value: ratio(engine, copy),
      unit: 'ratio',
      baseline: { metric: 'copy_rows_per_s', value: copy },
    },
    {
      metric: 'engine_vs_create',
      value: ratio(engine, create),
      unit: 'ratio',
      baseline: { metric: 'create_rows_per_s', value: create },
    },
  ]
  return results
}
