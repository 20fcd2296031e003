import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { relinkAll } from '../../packages/payload-plugin/src/identity/relinkAll'
import { normalizeTelegramUsername, validateTelegramUsername } from '../../packages/payload-plugin/src/identity/username'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json, password } from '../helpers/rest'
import { linkingContextKey } from '../../packages/payload-plugin/src/constants'

let app: TestApp
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let editor: Awaited<ReturnType<typeof createUserAndLogin>>
let telegramId = 1000

beforeAll(async () => {
  app = await createTestApp()
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  editor = await createUserAndLogin(app, 'editor@example.com', ['editor'])
})
afterAll(() => app?.close())

type Doc = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const newUser = (email: string, telegramUsername?: string): Promise<Doc> =>
  app.payload.create({ collection: 'users', data: { email, password, roles: ['customer'], telegramUsername } })
const newTelegramUser = (username?: string, context?: Record<string, unknown>): Promise<Doc> =>
  app.payload.create({ collection: 'telegram-users', data: { telegramId: telegramId++, username }, context, depth: 0 })
const telegramUser = (id: number | string): Promise<Doc> => app.payload.findByID({ collection: 'telegram-users', id, depth: 0 })
const renameUser = (id: number | string, telegramUsername: null | string) =>
  app.payload.update({ collection: 'users', id, data: { telegramUsername } })
const renameTelegramUser = (id: number | string, username: null | string) =>
  app.payload.update({ collection: 'telegram-users', id, data: { username } })

describe('username normalization', () => {
  it.each([
    ['@Name_One', 'name_one'],
    ['  name_one  ', 'name_one'],
    ['t.me/Name_One', 'name_one'],
    ['https://t.me/name_one', 'name_one'],
    ['http://telegram.me/Name_One/', 'name_one'],
    ['@@ALICE_x', 'alice_x'],
    ['   ', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeTelegramUsername(input)).toBe(expected)
  })

  it.each(['abcd', 'a'.repeat(33), '1abcde', '_abcde', 'abc-def', 'abc def', 'абвгде'])('rejects %j', (value) => {
    expect(validateTelegramUsername(normalizeTelegramUsername(value))).toMatch(/5–32 characters/)
  })

  it.each(['abcde', 'a'.repeat(32), 'a_1_b'])('accepts %j', (value) => {
    expect(validateTelegramUsername(value)).toBe(true)
  })

  it('refuses an invalid username over REST with a 400 naming the rule, and saves nothing', async () => {
    const before = await app.payload.count({ collection: 'telegram-users' })
    const res = await staff.rest.post('/telegram-users', { telegramId: 99, username: '@ab' })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toContain('5–32 characters')
    expect((await app.payload.count({ collection: 'telegram-users' })).totalDocs).toBe(before.totalDocs)

    const register = await staff.rest.post('/users', { email: 'bad@example.com', password, telegramUsername: 't.me/9lives' })
    expect(register.status).toBe(400)
    expect(JSON.stringify(register.body)).toContain('starting with a letter')
    expect((await app.payload.count({ collection: 'users', where: { email: { equals: 'bad@example.com' } } })).totalDocs).toBe(0)
  })
})

describe('automatic linking', () => {
  it('links a new Telegram account to the one user with its username', async () => {
    const user = await newUser('a1@example.com', '@Auto_One')
    const tg = await newTelegramUser('auto_one')
    expect(tg).toMatchObject({ user: user.id, linkSource: 'auto', linkStatus: 'linked', linkedUsername: 'auto_one' })
    expect(tg.linkedAt).toBeTruthy()
    expect(tg.linkEvents.map((e: Doc) => e.action)).toEqual(['auto-linked'])
  })

  it('links an unlinked Telegram account when a user sets the username', async () => {
    const tg = await newTelegramUser('auto_two')
    expect(tg.linkStatus).toBe('unlinked')
    const user = await newUser('a2@example.com')
    await renameUser(user.id, 't.me/Auto_Two')
    expect(await telegramUser(tg.id)).toMatchObject({ user: user.id, linkSource: 'auto', linkStatus: 'linked' })
  })

  it('links when a Telegram account changes its username to a user’s', async () => {
    const user = await newUser('a3@example.com', 'auto_three')
    const tg = await newTelegramUser('someone_else')
    expect(tg.user ?? null).toBeNull()
    await renameTelegramUser(tg.id, '@auto_three')
    expect(await telegramUser(tg.id)).toMatchObject({ user: user.id, linkStatus: 'linked' })
  })

  it('links nobody when two unlinked Telegram accounts carry the username', async () => {
    const one = await newTelegramUser('twin_name')
    const two = await newTelegramUser('twin_name')
    await newUser('a4@example.com', 'twin_name')
    expect((await telegramUser(one.id)).user ?? null).toBeNull()
    expect((await telegramUser(two.id)).user ?? null).toBeNull()
  })

  it('lets a user have several Telegram accounts', async () => {
    const user = await newUser('a5@example.com', 'multi_one')
    const first = await newTelegramUser('multi_one')
    await app.payload.update({ collection: 'telegram-users', id: first.id, data: { username: 'multi_old' } })
    // Staff confirm the renamed account manually; then the user's new name links a second account.
    await staff.rest.post(`/telegram-users/${first.id}/link`, { userId: user.id })
    await renameUser(user.id, 'multi_two')
    const second = await newTelegramUser('multi_two')
    expect(second.user).toBe(user.id)
    expect((await telegramUser(first.id)).user).toBe(user.id)
  })

  it('never changes a manual link', async () => {
    const owner = await newUser('m1@example.com')
    const tg = await newTelegramUser('manual_one')
    await staff.rest.post(`/telegram-users/${tg.id}/link`, { userId: owner.id })
    await newUser('m2@example.com', 'manual_one')
    await renameTelegramUser(tg.id, 'manual_two')
    expect(await telegramUser(tg.id)).toMatchObject({ user: owner.id, linkSource: 'manual', linkStatus: 'linked' })
  })

  it('does not re-link an account staff unlinked', async () => {
    const user = await newUser('u1@example.com', 'unlinked_one')
    const tg = await newTelegramUser('unlinked_one')
    expect(tg.user).toBe(user.id)
    await staff.rest.post(`/telegram-users/${tg.id}/unlink`)
    await renameUser(user.id, 'unlinked_two')
    await renameUser(user.id, 'unlinked_one')
    await relinkAll(app.payload, switchboardOptionsOf(app.payload))
    expect(await telegramUser(tg.id)).toMatchObject({ user: null, linkSource: 'manual', linkStatus: 'unlinked' })
  })
})

describe('a username re-used by someone else', () => {
  it('keeps A’s link, marks it stale, and does not link B to A’s Telegram account', async () => {
    const a = await newUser('reuse-a@example.com', 'alice_x')
    const tgA = await newTelegramUser('alice_x')
    expect(tgA.user).toBe(a.id)

    await renameUser(a.id, 'alice_y')
    expect(await telegramUser(tgA.id)).toMatchObject({ user: a.id, linkSource: 'auto', linkStatus: 'stale' })

    const b = await newUser('reuse-b@example.com', 'alice_x')
    expect(await telegramUser(tgA.id)).toMatchObject({ user: a.id, linkStatus: 'stale' })
    const bLinks = await app.payload.count({ collection: 'telegram-users', where: { user: { equals: b.id } } })
    expect(bLinks.totalDocs).toBe(0)

    // Staff find it under the stale filter.
    const stale = await staff.rest.get('/telegram-users?where[linkStatus][equals]=stale')
    expect(stale.body.docs.map((d: Doc) => d.id)).toContain(tgA.id)
  })

  it('does not hand a user a new Telegram account under a name their linked account gave up', async () => {
    const a = await newUser('gone-a@example.com', 'bob_x')
    const tgA = await newTelegramUser('bob_x')
    await renameTelegramUser(tgA.id, 'bob_new')
    expect(await telegramUser(tgA.id)).toMatchObject({ user: a.id, linkStatus: 'stale' })
    // Someone else takes @bob_x on Telegram: it may not be A, so no automatic link.
    const tgB = await newTelegramUser('bob_x')
    expect(tgB.user ?? null).toBeNull()
  })

  it('restores a stale link when the names match again', async () => {
    const a = await newUser('back-a@example.com', 'carol_x')
    const tg = await newTelegramUser('carol_x')
    await renameUser(a.id, 'carol_y')
    expect((await telegramUser(tg.id)).linkStatus).toBe('stale')
    await renameUser(a.id, 'carol_x')
    const restored = await telegramUser(tg.id)
    expect(restored.linkStatus).toBe('linked')
    expect(restored.linkEvents.map((e: Doc) => e.action)).toEqual(['auto-linked', 'marked-stale', 'link-restored'])
  })
})

describe('link and unlink endpoints', () => {
  it('link manually, replacing an automatic link, and record who did it', async () => {
    const auto = await newUser('e1@example.com', 'endpoint_one')
    const other = await newUser('e2@example.com')
    const tg = await newTelegramUser('endpoint_one')
    expect(tg).toMatchObject({ user: auto.id, linkSource: 'auto' })
    const res = await staff.rest.post(`/telegram-users/${tg.id}/link`, { userId: String(other.id) })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: tg.id, linkSource: 'manual', linkStatus: 'linked' })
    expect(res.body.user.id).toBe(other.id)
    expect(res.body.linkedBy.id).toBe(staff.user.id)
    expect(res.body.linkEvents.at(-1)).toMatchObject({ action: 'linked' })
  })

  it('answer 404, 400, 403 and 409 with a message, changing nothing', async () => {
    const owner = await newUser('e3@example.com')
    const rival = await newUser('e4@example.com')
    const tg = await newTelegramUser('endpoint_two')
    const link = (id: number | string, body: unknown, client = staff.rest) => client.post(`/telegram-users/${id}/link`, body)
    const cases: Array<[Promise<{ status: number; body: Json }>, number]> = [
      [link(999_999, { userId: owner.id }), 404],
      [link(tg.id, { userId: 999_999 }), 404],
      [link(tg.id, {}), 400],
      [link(tg.id, { userId: 'abc' }), 400],
      [link('abc', { userId: owner.id }), 400],
      [link(tg.id, { userId: owner.id }, editor.rest), 403],
    ]
    for (const [call, status] of cases) {
      const res = await call
      expect(res.status).toBe(status)
      expect(res.body.errors[0].message).toBeTruthy()
    }
    expect((await telegramUser(tg.id)).user ?? null).toBeNull()

    const anonymous = await app.rest(`/telegram-users/${tg.id}/link`, { method: 'POST', body: JSON.stringify({ userId: owner.id }) })
    expect(anonymous.status).toBe(403)
    const malformed = await app.rest(`/telegram-users/${tg.id}/link`, { method: 'POST', body: '{not json', token: staff.token })
    expect(malformed.status).toBe(400)

    expect((await link(tg.id, { userId: owner.id })).status).toBe(200)
    expect((await link(tg.id, { userId: owner.id })).status).toBe(200)
    const conflict = await link(tg.id, { userId: rival.id })
    expect(conflict.status).toBe(409)
    expect(conflict.body.errors[0].message).toMatch(/Unlink it first/)
    expect((await telegramUser(tg.id)).user).toBe(owner.id)

    expect((await staff.rest.post(`/telegram-users/999999/unlink`)).status).toBe(404)
    expect((await editor.rest.post(`/telegram-users/${tg.id}/unlink`)).status).toBe(403)
    const unlinked = await staff.rest.post(`/telegram-users/${tg.id}/unlink`)
    expect(unlinked.status).toBe(200)
    expect(unlinked.body).toMatchObject({ user: null, linkStatus: 'unlinked', linkSource: 'manual' })
  })
})

describe('unified visibility', () => {
  it('follows the link, in list endpoints with correct pagination', async () => {
    const dana = await createUserAndLogin(app, 'dana@example.com', ['customer'])
    const tg = await newTelegramUser('dana_tg')
    const tgParticipant = { relationTo: 'telegram-users', value: tg.id }
    const create = (title: string, data: Doc) =>
      app.payload.create({ collection: 'conversations', data: { source: 'telegram', type: 'private', title, ...data } })
    await create('dana widget', { source: 'widget', type: 'widget', customer: dana.user.id })
    await create('dana direct', { source: 'direct', type: 'direct', participants: [{ relationTo: 'users', value: dana.user.id }] })
    const tgOne = await create('dana telegram 1', { participants: [tgParticipant] })
    await create('dana telegram 2', { type: 'group', participants: [tgParticipant, { relationTo: 'users', value: staff.user.id }] })
    await create('someone else', { participants: [{ relationTo: 'users', value: staff.user.id }] })
    await app.payload.create({ collection: 'messages', data: { conversation: tgOne.id, text: 'from telegram' } })

    const titles = async () => {
      const all: string[] = []
      for (let page = 1; ; page++) {
        const res = await dana.rest.get(`/conversations?limit=1&page=${page}&sort=title`)
        expect(res.status).toBe(200)
        all.push(...res.body.docs.map((d: Doc) => d.title))
        if (!res.body.hasNextPage) return { titles: all, total: res.body.totalDocs as number }
      }
    }
    expect(await titles()).toEqual({ titles: ['dana direct', 'dana widget'], total: 2 })
    expect((await dana.rest.get('/messages')).body.totalDocs).toBe(0)

    await staff.rest.post(`/telegram-users/${tg.id}/link`, { userId: dana.user.id })
    expect(await titles()).toEqual({ titles: ['dana direct', 'dana telegram 1', 'dana telegram 2', 'dana widget'], total: 4 })
    expect((await dana.rest.get('/messages')).body.docs.map((m: Doc) => m.text)).toEqual(['from telegram'])
    expect((await dana.rest.get(`/conversations/${tgOne.id}`)).status).toBe(200)

    await staff.rest.post(`/telegram-users/${tg.id}/unlink`)
    expect(await titles()).toEqual({ titles: ['dana direct', 'dana widget'], total: 2 })
    expect((await dana.rest.get(`/conversations/${tgOne.id}`)).status).toBe(404)
    expect((await dana.rest.get('/messages')).body.totalDocs).toBe(0)
  })

  it('shows staff what a user sees, link by link', async () => {
    const erin = await newUser('erin@example.com', 'erin_tg')
    const tg = await newTelegramUser('erin_tg')
    await app.payload.create({
      collection: 'conversations',
      data: { source: 'telegram', type: 'private', title: 'erin telegram', participants: [{ relationTo: 'telegram-users', value: tg.id }] },
    })
    await app.payload.create({ collection: 'conversations', data: { source: 'widget', type: 'widget', title: 'erin widget', customer: erin.id } })

    const res = await staff.rest.get(`/switchboard/users/${erin.id}/links`)
    expect(res.status).toBe(200)
    expect(res.body.user).toMatchObject({ id: erin.id, telegramUsername: 'erin_tg' })
    expect(res.body.telegramAccounts).toHaveLength(1)
    expect(res.body.telegramAccounts[0]).toMatchObject({ id: tg.id, linkSource: 'auto', linkStatus: 'linked' })
    expect(res.body.telegramAccounts[0].conversations.map((c: Doc) => c.title)).toEqual(['erin telegram'])
    expect(res.body.directConversations).toEqual([expect.objectContaining({ title: 'erin widget', via: 'customer' })])
    expect(res.body.totalVisible).toBe(2)

    expect((await editor.rest.get(`/switchboard/users/${erin.id}/links`)).status).toBe(403)
    expect((await staff.rest.get('/switchboard/users/999999/links')).status).toBe(404)
    expect((await staff.rest.get('/switchboard/users/x/links')).status).toBe(400)
  })
})

describe('backfill', () => {
  it('applies the rule to existing rows, reports counts, and is idempotent; a dry run writes nothing', async () => {
    const options = switchboardOptionsOf(app.payload)
    const skipHooks = { [linkingContextKey]: true }
    // Rows written before linking existed: the hooks did not run for them.
    const fay = await newUser('fay@example.com')
    await app.payload.update({ collection: 'users', id: fay.id, data: { telegramUsername: 'fay_tg' }, context: skipHooks })
    const tgFay = await newTelegramUser('fay_tg', skipHooks)
    await newTelegramUser('gus_tg', skipHooks)
    await newTelegramUser('gus_tg', skipHooks)
    await newUser('gus@example.com', 'gus_tg')
    expect((await telegramUser(tgFay.id)).user ?? null).toBeNull()

    const dry = await relinkAll(app.payload, options, { dryRun: true })
    expect(dry).toMatchObject({ dryRun: true, linked: 1 })
    expect(dry.ambiguous).toBeGreaterThanOrEqual(2)
    expect((await telegramUser(tgFay.id)).user ?? null).toBeNull()

    const first = await relinkAll(app.payload, options)
    expect(first).toMatchObject({ linked: 1, ambiguous: dry.ambiguous, stale: dry.stale })
    expect(await telegramUser(tgFay.id)).toMatchObject({ user: fay.id, linkSource: 'auto', linkStatus: 'linked' })

    const second = await relinkAll(app.payload, options)
    expect(second).toMatchObject({ linked: 0, stale: 0, restored: 0 })
    expect(second.examined).toBe(first.examined)
  })

  it('runs as a job on the jobs queue', async () => {
    const hal = await newUser('hal@example.com')
    await app.payload.update({ collection: 'users', id: hal.id, data: { telegramUsername: 'hal_tg' }, context: { [linkingContextKey]: true } })
    const tgHal = await newTelegramUser('hal_tg', { [linkingContextKey]: true })
    const job = await app.payload.jobs.queue({ task: 'switchboardRelink', input: { dryRun: false } })
    const result = await app.payload.jobs.runByID({ id: job.id })
    expect(result.jobStatus?.[job.id]?.status).toBe('success')
    expect(await telegramUser(tgHal.id)).toMatchObject({ user: hal.id, linkSource: 'auto' })
  })
})
