/**
 * The Stream fake, driven by the real `stream-chat` SDK: each behaviour the sync code relies on
 * (limits, error code 4 naming missing users, idempotent create, auth, faults, webhook signing).
 */
import type { APIErrorResponse, ErrorFromResponse } from 'stream-chat'

import { StreamChat } from 'stream-chat'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { classifyStreamError } from '../../packages/payload-plugin/src/stream/errors'
import { startFakeStream, type FakeStream } from '../fakes/streamServer'

let fake: FakeStream
let client: StreamChat
beforeAll(async () => {
  fake = await startFakeStream()
  client = new StreamChat(fake.apiKey, fake.apiSecret, { baseURL: fake.baseURL })
})
afterAll(() => fake.stop())
beforeEach(() => fake.clearCalls())

type StreamFailure = ErrorFromResponse<APIErrorResponse> & { code?: string | number | null }
const failure = async (promise: Promise<unknown>): Promise<StreamFailure> => {
  try {
    await promise
  } catch (error) {
    return error as StreamFailure
  }
  throw new Error('expected the call to fail')
}
const userIds = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`)
const upsert = async (ids: string[]) => {
  for (let i = 0; i < ids.length; i += 100) await client.upsertUsers(ids.slice(i, i + 100).map((id) => ({ id, name: id })))
}
let seq = 0
const channelId = () => `ch-${++seq}`

describe('users', () => {
  it('upserts up to 100 users per call, rejects 101, defaults the role to user', async () => {
    await upsert(userIds('u', 250))
    expect(fake.callSummary()).toEqual(['upsertUsers:100', 'upsertUsers:100', 'upsertUsers:50'])
    expect(fake.users.get('u-7')).toMatchObject({ id: 'u-7', name: 'u-7', role: 'user' })

    const tooMany = await failure(client.upsertUsers(userIds('x', 101).map((id) => ({ id }))))
    expect([tooMany.status, tooMany.code]).toEqual([400, 4])
    expect(tooMany.message).toContain('at maximum 100')
    expect(fake.users.has('x-0')).toBe(false)
  })

  it('keeps an explicit role and answers queryUsers with $in', async () => {
    await client.upsertUsers([{ id: 'boss', role: 'admin' }, { id: 'plain' }])
    const { users } = await client.queryUsers({ id: { $in: ['boss', 'plain', 'nobody'] } })
    expect(users.map((u) => [u.id, u.role])).toEqual([['boss', 'admin'], ['plain', 'user']])
  })
})

describe('channels', () => {
  beforeAll(() => upsert(['alice', 'bob', 'carol', ...userIds('m', 150)]))

  it('refuses to create a channel whose members do not exist: 400, code 4, the ids in the message', async () => {
    const id = channelId()
    const channel = client.channel('messaging', id, { members: ['alice', 'ghost-1', 'ghost-2'], created_by_id: 'alice' })
    const error = await failure(channel.create())
    expect([error.status, error.code]).toEqual([400, 4])
    expect(error.response.data).toMatchObject({ code: 4, StatusCode: 400, more_info: expect.any(String), duration: expect.any(String) })
    expect(error.message).toContain("but don't exist: [ghost-1 ghost-2]")
    expect(fake.channels.has(`messaging:${id}`)).toBe(false)

    const noCreator = await failure(client.channel('messaging', channelId(), { members: ['alice'], created_by_id: 'ghost-3' }).create())
    expect(noCreator.message).toContain('[ghost-3]')
  })

  it('creates idempotently: a second create returns the channel and adds nothing', async () => {
    const id = channelId()
    const members = [{ user_id: 'alice', channel_role: 'channel_moderator' }, { user_id: 'bob' }]
    const first = await client.channel('messaging', id, { members, created_by_id: 'alice', topic: 'hello' } as Record<string, unknown>).create()
    expect(first.channel).toMatchObject({ cid: `messaging:${id}`, id, type: 'messaging', member_count: 2, created_by: { id: 'alice' }, topic: 'hello' })
    expect(first.members.map((m) => [m.user_id, m.channel_role])).toEqual([['alice', 'channel_moderator'], ['bob', 'channel_member']])

    const again = await client.channel('messaging', id, { members: [...members, { user_id: 'carol' }] }).create()
    expect(again.channel.member_count).toBe(2)
    const stored = fake.channels.get(`messaging:${id}`)
    expect([...(stored?.members.keys() ?? [])]).toEqual(['alice', 'bob'])
    expect(stored?.members.get('alice')).toMatchObject({ channel_role: 'channel_moderator', role: 'owner' })
    expect(fake.callSummary()).toEqual(['createChannel:2', 'createChannel:3'])

    await client.channel('messaging', id).query()
    expect(fake.callSummary().at(-1)).toBe('queryChannel')
  })

  it('rejects more than 100 members in one create', async () => {
    const error = await failure(client.channel('messaging', channelId(), { members: userIds('m', 101), created_by_id: 'alice' }).create())
    expect([error.status, error.code]).toEqual([400, 4])
  })

  it('adds, removes, re-roles and pages members; ≤100 per call; code 4 for unknown users; 404 for unknown channels', async () => {
    const id = channelId()
    const channel = client.channel('messaging', id, { members: userIds('m', 100), created_by_id: 'm-0' })
    await channel.create()
    await channel.addMembers(userIds('m', 150).slice(100).map((user_id) => ({ user_id, channel_role: 'channel_moderator' })))
    expect(fake.channels.get(`messaging:${id}`)?.members.size).toBe(150)
    expect(fake.channels.get(`messaging:${id}`)?.members.get('m-120')?.channel_role).toBe('channel_moderator')

    const tooMany = await failure(channel.addMembers(userIds('n', 101)))
    expect([tooMany.status, tooMany.code]).toEqual([400, 4])
    const unknown = await failure(channel.addMembers(['alice', 'ghost-9']))
    expect([unknown.status, unknown.code]).toEqual([400, 4])
    expect(unknown.message).toContain('[ghost-9]')
    expect(fake.channels.get(`messaging:${id}`)?.members.has('alice')).toBe(false)

    await channel.removeMembers(['m-0', 'm-1'])
    await channel.assignRoles([{ user_id: 'm-2', channel_role: 'channel_moderator' }])
    const page1 = await channel.queryMembers({}, {}, { limit: 100, offset: 0 })
    const page2 = await channel.queryMembers({}, {}, { limit: 100, offset: 100 })
    expect([page1.members.length, page2.members.length]).toEqual([100, 48])
    expect(page1.members[0]).toMatchObject({ user_id: 'm-2', channel_role: 'channel_moderator', user: { id: 'm-2' } })
    const filtered = await channel.queryMembers({ id: { $in: ['m-3', 'm-1'] } })
    expect(filtered.members.map((m) => m.user_id)).toEqual(['m-3'])
    expect(fake.callSummary()).toEqual([
      'createChannel:100', 'addMembers:50', 'addMembers:101', 'addMembers:2', 'removeMembers:2', 'assignRoles:1',
      'queryMembers', 'queryMembers', 'queryMembers',
    ])

    const missing = await failure(client.channel('messaging', 'never-created').addMembers(['alice']))
    expect([missing.status, missing.code]).toEqual([404, 16])
  })

  it('notices users and members removed behind our back', async () => {
    const id = channelId()
    await upsert(['temp'])
    const channel = client.channel('messaging', id, { members: ['alice', 'bob', 'temp'], created_by_id: 'alice' })
    await channel.create()
    fake.removeMemberBehindOurBack(`messaging:${id}`, 'bob')
    fake.deleteUserBehindOurBack('temp')
    const { members } = await channel.queryMembers({})
    expect(members.map((m) => m.user_id)).toEqual(['alice'])
    const error = await failure(channel.addMembers(['bob', 'temp']))
    expect(error.code).toBe(4)
    expect(error.message).toContain('[temp]')
  })

  it('finds channels with queryChannels', async () => {
    const id = channelId()
    await client.channel('messaging', id, { members: ['carol'], created_by_id: 'carol' }).create()
    const found = await client.queryChannels({ members: { $in: ['carol'] } }, {}, { limit: 10 })
    expect(found.map((c) => c.cid)).toContain(`messaging:${id}`)
  })
})

describe('messages', () => {
  const id = channelId()
  beforeAll(async () => {
    await upsert(['sender'])
    await client.channel('messaging', id, { members: ['sender'], created_by_id: 'sender' }).create()
  })

  it('sends, rejects a duplicate id with code 4, updates, gets, soft- and hard-deletes', async () => {
    const channel = client.channel('messaging', id)
    const sent = await channel.sendMessage({ id: 'msg-1', text: 'hi', user_id: 'sender' })
    expect(sent.message).toMatchObject({ id: 'msg-1', text: 'hi', type: 'regular', user: { id: 'sender' }, cid: `messaging:${id}` })

    const duplicate = await failure(channel.sendMessage({ id: 'msg-1', text: 'again', user_id: 'sender' }))
    expect([duplicate.status, duplicate.code]).toEqual([400, 4])
    expect(duplicate.message).toContain('a message with ID msg-1 already exists')
    const ghost = await failure(channel.sendMessage({ id: 'msg-2', text: 'boo', user_id: 'ghost' }))
    expect([ghost.status, ghost.code]).toEqual([400, 4])
    expect(ghost.message).toContain("don't exist: [ghost]")

    const updated = await client.updateMessage({ id: 'msg-1', text: 'hi, edited' }, 'sender')
    expect(updated.message.text).toBe('hi, edited')
    expect((await client.getMessage('msg-1')).message.text).toBe('hi, edited')

    const soft = await client.deleteMessage('msg-1')
    expect(soft.message).toMatchObject({ id: 'msg-1', type: 'deleted', deleted_at: expect.any(String) })
    expect(fake.channels.get(`messaging:${id}`)?.messages.get('msg-1')?.deleted_at).toEqual(expect.any(String))

    await channel.sendMessage({ id: 'msg-3', text: 'bye', user_id: 'sender' })
    await client.deleteMessage('msg-3', true)
    expect((await failure(client.getMessage('msg-3'))).status).toBe(404)
    expect(fake.callSummary()).toEqual([
      'sendMessage', 'sendMessage', 'sendMessage', 'updateMessage', 'getMessage', 'deleteMessage', 'sendMessage', 'deleteMessage', 'getMessage',
    ])
  })
})

describe('auth, faults and outages', () => {
  it('answers 401 to a token signed with another secret or a wrong api key', async () => {
    const wrongSecret = new StreamChat(fake.apiKey, 'not-the-secret', { baseURL: fake.baseURL })
    const bad = await failure(wrongSecret.upsertUsers([{ id: 'intruder' }]))
    expect([bad.status, bad.code]).toEqual([401, 43])
    const wrongKey = new StreamChat('other-key', fake.apiSecret, { baseURL: fake.baseURL })
    expect((await failure(wrongKey.upsertUsers([{ id: 'intruder' }]))).status).toBe(401)
    expect(fake.users.has('intruder')).toBe(false)
    expect(fake.calls.map((c) => c.status)).toEqual([401, 401])
  })

  it('injects a 429 whose rate-limit headers reach the SDK error, then serves again', async () => {
    const reset = Math.floor(Date.now() / 1000) + 30
    fake.failNext('upsertUsers', { status: 429, headers: { 'X-RateLimit-Reset': String(reset), 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0' } })
    const limited = await failure(client.upsertUsers([{ id: 'later' }]))
    expect([limited.status, limited.code]).toEqual([429, 9])
    expect(limited.response.headers['x-ratelimit-reset']).toBe(String(reset))
    expect(limited.response.headers['x-ratelimit-remaining']).toBe('0')
    expect(fake.users.has('later')).toBe(false)

    fake.failNext('*', { status: 500 }, 2)
    expect((await failure(client.upsertUsers([{ id: 'later' }]))).status).toBe(500)
    expect((await failure(client.getMessage('whatever'))).status).toBe(500)
    await client.upsertUsers([{ id: 'later' }])
    expect(fake.calls.map((c) => `${c.kind}:${c.status}`)).toEqual(['upsertUsers:429', 'upsertUsers:500', 'getMessage:500', 'upsertUsers:201'])
  })

  it('refuses connections while down and comes back on the same URL', async () => {
    await fake.refuseConnections(true)
    try {
      const down = await failure(client.upsertUsers([{ id: 'offline' }]))
      expect(down.status).toBeUndefined()
      expect(down.code).toBe('ECONNREFUSED')
    } finally {
      await fake.refuseConnections(false)
    }
    await client.upsertUsers([{ id: 'offline' }])
    expect(fake.users.has('offline')).toBe(true)
  })

  it('stays listening but answers 503 with a non-JSON body, drops connections, or loses answers while in an outage', async () => {
    try {
      fake.outage('unavailable')
      const unavailable = await failure(client.upsertUsers([{ id: 'outage-1' }]))
      expect(unavailable.status).toBe(503)
      expect(unavailable.response.data).toContain('Service Unavailable')
      expect(classifyStreamError(unavailable).kind).toBe('retryable')

      fake.outage('drop')
      const dropped = await failure(client.upsertUsers([{ id: 'outage-1' }]))
      expect(dropped.status).toBeUndefined()
      expect(classifyStreamError(dropped).kind).toBe('retryable')
      expect(fake.users.has('outage-1')).toBe(false)

      // The call is served, only its answer is lost: what a retry must cope with.
      fake.outage('lose-response')
      const lost = await failure(client.upsertUsers([{ id: 'outage-1' }]))
      expect(lost.status).toBeUndefined()
      expect(classifyStreamError(lost).kind).toBe('retryable')
      expect(fake.users.has('outage-1')).toBe(true)
    } finally {
      fake.outage(null)
    }
    await client.upsertUsers([{ id: 'outage-2' }])
    expect(fake.calls.map((c) => [c.kind, c.status, c.lost ?? false])).toEqual([
      ['upsertUsers', 503, false], ['upsertUsers', 0, false], ['upsertUsers', 201, true], ['upsertUsers', 201, false],
    ])
  })

  it('answers unknown paths with 404 in Stream error shape, recorded as other', async () => {
    const error = await failure(client.get(`${fake.baseURL}/no/such/endpoint`))
    expect(error.status).toBe(404)
    expect(error.response.data).toMatchObject({ code: 16, StatusCode: 404 })
    expect(fake.callSummary()).toEqual(['other'])
  })
})

describe('webhooks', () => {
  it('signs raw bodies the way the SDK verifies them, and builds realistic events', () => {
    const event = fake.webhookEvent('message.deleted', {
      cid: 'messaging:ch-x',
      message: { id: 'w-1', text: 'gone' },
      user: { id: 'sender', name: 'Sender' },
    })
    expect(event).toMatchObject({
      type: 'message.deleted', cid: 'messaging:ch-x', channel_type: 'messaging', channel_id: 'ch-x',
      message: { id: 'w-1', text: 'gone', type: 'deleted', user: { id: 'sender' }, deleted_at: expect.any(String) },
      user: { id: 'sender' }, created_at: expect.any(String),
    })
    const raw = JSON.stringify(event)
    const signature = fake.signWebhook(raw)
    expect(signature).toMatch(/^[0-9a-f]{64}$/)
    expect(client.verifyWebhook(raw, signature)).toBe(true)
    expect(client.verifyWebhook(`${raw} `, signature)).toBe(false)
  })
})
