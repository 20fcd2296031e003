import { StreamChat } from 'stream-chat'

import type { BenchCase } from '../types'

import { closePayload } from '../../dev/host/closePayload'
import { openMigratedPayload } from '../../dev/host/openPayload'
import { startFakeStream } from '../../test/fakes/streamServer'

const participants = 250
const ms = (started: number) => Math.round((performance.now() - started) * 10) / 10

/**
 * A direct conversation with 250 participants, mirrored into Stream (a local fake that enforces
 * Stream's rules): how long the creating request takes (it must not include Stream), and the
 * job's Stream calls and wall time — next to the approach of the code Switchboard replaces, run
 * in the same process against the same fake: look each participant up, upsert the missing ones
 * one by one, sleep 1 s "so Stream catches up", then create the channel.
 */
export const stream: BenchCase = async ({ payload: benchPayload, databaseUrl, progress }) => {
  const fake = await startFakeStream()
  const payload = await openMigratedPayload(
    { databaseUrl, switchboard: { stream: { apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseURL: fake.baseURL } } },
    { key: 'bench-stream', logger: 'errors-to-stderr' },
  )
  try {
    const { rows } = await benchPayload.db.pool.query(
      `insert into users (email, display_name, account_type, updated_at, created_at)
       select 'stream-bench-' || g || '@example.com', 'Member ' || g, 'person', now(), now() from generate_series(1, $1) g
       returning id`,
      [participants],
    )
    const ids = rows.map((r: { id: number }) => r.id)

    progress('stream: creating the conversation (request)')
    let started = performance.now()
    const conversation = await payload.create({
      collection: 'conversations',
      data: {
        source: 'direct',
        type: 'direct',
        title: 'Bench: 250 participants',
        provider: ids[0],
        participants: ids.map((value) => ({ relationTo: 'users', value })),
      },
      depth: 0,
    })
    const requestMs = ms(started)
    if (fake.calls.length !== 0) throw new Error('the request called Stream')

    progress('stream: running the channel job')
    started = performance.now()
    await payload.jobs.run({ queue: 'switchboard', limit: 10 })
    const jobMs = ms(started)
    const members = fake.channels.get(`messaging:sb-c-${conversation.id}`)?.members.size
    if (members !== participants) throw new Error(`the channel has ${members} members, expected ${participants}`)
    const calls = fake.calls.length

    progress('stream: the replaced approach (per-user lookups, 1 s sleep)')
    fake.clearCalls()
    const client = new StreamChat(fake.apiKey, fake.apiSecret, { baseURL: fake.baseURL })
    const seedIds = ids.map((id) => `seed-u-${id}`)
    started = performance.now()
    for (const id of seedIds) {
      const { users } = await client.queryUsers({ id: { $eq: id } })
      if (users.length === 0) await client.upsertUser({ id, name: id })
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const channel = client.channel('messaging', `seed-c-${conversation.id}`, { members: seedIds.slice(0, 100), created_by_id: seedIds[0] })
    await channel.create()
    for (let i = 100; i < seedIds.length; i += 100) await channel.addMembers(seedIds.slice(i, i + 100))
    const seedMs = ms(started)
    const seedCalls = fake.calls.length

    return [
      { metric: 'calls_250', value: calls, unit: 'calls' },
      { metric: 'request_ms', value: requestMs, unit: 'ms' },
      { metric: 'job_ms', value: jobMs, unit: 'ms' },
      { metric: 'seed_model_ms', value: seedMs, unit: 'ms' },
      { metric: 'seed_model_calls', value: seedCalls, unit: 'calls' },
      { metric: 'job_vs_seed_model', value: Math.round((jobMs / seedMs) * 1000) / 1000, unit: 'ratio', baseline: { metric: 'seed_model_ms', value: seedMs } },
    ]
  } finally {
    await closePayload(payload)
    await fake.stop()
  }
}
