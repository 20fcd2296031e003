import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { redeemVerificationCode } from '../../packages/payload-plugin/src/identity/verification'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { recordAccountIdentity } from '../../packages/payload-plugin/src/telegram/accounts'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json, password, restClient } from '../helpers/rest'

/**
 * Nobody reads a conversation they do not own: a username typed into a form links nothing, the
 * business account's own Telegram user and bots are never a customer's, verification codes are
 * single-use and short-lived, engine-only fields are not writable over REST, and Payload's jobs
 * and document locks are not for customers.
 */
let app: TestApp
let db: pg.Client
type Session = Awaited<ReturnType<typeof createUserAndLogin>>
let admin: Session, staff: Session, editor: Session, alice: Session
const ids: Record<string, number> = {}

const options = () => switchboardOptionsOf(app.payload)
const telegramUser = async (id: number) => (await app.payload.findByID({ collection: 'telegram-users', id, depth: 0 })) as Json
const titles = (body: Json) => (body.docs as Array<{ title: string }>).map((d) => d.title).sort()

/** Registers a customer over REST with no login, as anyone on the internet can, and logs them in. */
const register = async (email: string, extra: Record<string, unknown> = {}) => {
  const anonymous = restClient(app)
  const created = await anonymous.post('/users', { email, password, ...extra })
  expect(created.status).toBe(201)
  const login = await anonymous.post('/users/login', { email, password })
  return { doc: created.body.doc as Json, rest: restClient(app, login.body.token as string) }
}

beforeAll(async () => {
  app = await createTestApp()
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  admin = await createUserAndLogin(app, 'admin@example.com', ['admin'])
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  editor = await createUserAndLogin(app, 'editor@example.com', ['editor'])
  alice = await createUserAndLogin(app, 'alice@example.com', ['customer'])

  const { payload } = app
  // The business account and its own Telegram user ("me", in every private chat of the account).
  const account = await payload.create({ collection: 'telegram-accounts', data: { name: 'Support', kind: 'user', status: 'connected' } })
  const me = await payload.create({ collection: 'telegram-users', data: { telegramId: 777, username: 'acme_support', firstName: 'Support' } })
  await payload.update({ collection: 'telegram-accounts', id: account.id, data: { telegramUser: me.id, telegramId: 777 } })
  const victim = await payload.create({ collection: 'telegram-users', data: { telegramId: 1001, username: 'victim_tg', firstName: 'Victor' } })
  const bot = await payload.create({ collection: 'telegram-users', data: { telegramId: 9001, username: 'helper_bot', isBot: true } })
  const victimsChat = await payload.create({
    collection: 'conversations',
    data: {
      source: 'telegram',
      type: 'private',
      title: 'Victor',
      account: account.id,
      externalId: 1001,
      participants: [
        { relationTo: 'telegram-users', value: victim.id },
        { relationTo: 'telegram-users', value: me.id },
      ],
    },
  })
  await payload.create({ collection: 'messages', data: { conversation: victimsChat.id, text: 'my address is 1 Secret Lane', direction: 'in' } })
  Object.assign(ids, { account: Number(account.id), me: Number(me.id), victim: Number(victim.id), bot: Number(bot.id), victimsChat: Number(victimsChat.id) })
})
afterAll(async () => {
  await db?.end()
  await app?.close()
})

describe('a Telegram username typed by a customer is a claim', () => {
  it('registering with someone else’s username links nothing and shows none of their chats', async () => {
    const mallory = await register('mallory@example.com', { telegramUsername: '@Victim_TG' })
    expect(mallory.doc.telegramUsername ?? null).toBeNull()
    expect(mallory.doc.telegramUsernameClaim).toBe('victim_tg')
    expect((await telegramUser(ids.victim!)).user ?? null).toBeNull()
    expect(titles((await mallory.rest.get('/conversations')).body)).toEqual([])
    expect((await mallory.rest.get('/messages')).body.docs).toEqual([])
  })

  it('claiming the business account’s own handle opens nothing either', async () => {
    const eve = await register('eve@example.com', { telegramUsername: 'acme_support' })
    expect(eve.doc.telegramUsernameClaim).toBe('acme_support')
    expect((await telegramUser(ids.me!)).user ?? null).toBeNull()
    expect((await eve.rest.get('/conversations')).body.docs).toEqual([])
  })

  it('editing one’s own profile is a claim too', async () => {
    const res = await alice.rest.patch(`/users/${alice.user.id}`, { telegramUsername: 'victim_tg' })
    expect(res.status).toBe(200)
    expect(res.body.doc.telegramUsername ?? null).toBeNull()
    expect(res.body.doc.telegramUsernameClaim).toBe('victim_tg')
    expect((await telegramUser(ids.victim!)).user ?? null).toBeNull()
  })

  it('a claim never blocks the real owner: the team enters the same username and the automatic rule links it', async () => {
    const victor = await createUserAndLogin(app, 'victor@example.com', ['customer'])
    const res = await admin.rest.patch(`/users/${victor.user.id}`, { telegramUsername: 'victim_tg' })
    expect(res.status).toBe(200)
    expect(res.body.doc.telegramUsername).toBe('victim_tg')
    expect(await telegramUser(ids.victim!)).toMatchObject({ user: victor.user.id, linkSource: 'auto', linkStatus: 'linked' })
    expect(titles((await victor.rest.get('/conversations')).body)).toEqual(['Victor'])
  })
})

describe('bots and the connected account’s own user are never a customer’s', () => {
  it('the automatic rule skips them even when an admin enters their usernames on a customer', async () => {
    const carl = await createUserAndLogin(app, 'carl@example.com', ['customer'])
    await admin.rest.patch(`/users/${carl.user.id}`, { telegramUsername: 'acme_support' })
    const bob = await createUserAndLogin(app, 'bob@example.com', ['customer'])
    await admin.rest.patch(`/users/${bob.user.id}`, { telegramUsername: 'helper_bot' })
    expect((await telegramUser(ids.me!)).user ?? null).toBeNull()
    expect((await telegramUser(ids.bot!)).user ?? null).toBeNull()
    expect((await carl.rest.get('/conversations')).body.docs).toEqual([])
  })

  it('an automatic link made before the account was recognised is withdrawn, with the reason in the audit trail', async () => {
    const dana = await createUserAndLogin(app, 'dana@example.com', ['customer'])
    await app.payload.update({ collection: 'users', id: dana.user.id, data: { telegramUsername: 'biz_two' } })
    const self = await app.payload.create({ collection: 'telegram-users', data: { telegramId: 778, username: 'biz_two' } })
    expect((await telegramUser(Number(self.id))).user).toBe(dana.user.id)
    const second = await app.payload.create({ collection: 'telegram-accounts', data: { name: 'Sales', kind: 'user', status: 'connected' } })
    await recordAccountIdentity(app.payload, options(), Number(second.id), 778)
    const after = await telegramUser(Number(self.id))
    expect(after.user ?? null).toBeNull()
    expect(after.linkStatus).toBe('unlinked')
    expect((after.linkEvents as Json[]).at(-1)).toMatchObject({ action: 'unlinked', user: dana.user.id })
  })

  it('staff cannot link them to a customer by hand (409), but can to staff', async () => {
    const refused = await staff.rest.post(`/telegram-users/${ids.me}/link`, { userId: alice.user.id })
    expect(refused.status).toBe(409)
    expect(refused.body.errors[0].message).toMatch(/never linked to a customer/)
    expect((await staff.rest.post(`/telegram-users/${ids.bot}/link`, { userId: alice.user.id })).status).toBe(409)
    expect((await staff.rest.post(`/telegram-users/${ids.me}/link`, { userId: staff.user.id })).status).toBe(200)
    await staff.rest.post(`/telegram-users/${ids.me}/unlink`)
  })

  it('a link to one of them that exists anyway (older data) opens nothing', async () => {
    await app.payload.update({ collection: 'telegram-users', id: ids.me!, data: { user: alice.user.id, linkSource: 'manual', linkStatus: 'linked' } })
    try {
      expect((await alice.rest.get('/conversations')).body.docs).toEqual([])
      expect((await alice.rest.get('/messages')).body.docs).toEqual([])
    } finally {
      await app.payload.update({ collection: 'telegram-users', id: ids.me!, data: { user: null, linkSource: 'manual', linkStatus: 'unlinked' } })
    }
  })
})

describe('verification on Telegram', () => {
  const connectBot = () =>
    app.payload.create({ collection: 'telegram-accounts', data: { name: 'Bot', kind: 'bot', status: 'connected', botUsername: 'acme_help_bot', telegramId: 9100 } })

  it('needs a login, and a connected account to send the code to', async () => {
    expect((await restClient(app).post('/switchboard/telegram/verification')).status).toBe(401)
    // The user account has an own user with a username: people send the code to it.
    const res = await alice.rest.post('/switchboard/telegram/verification')
    expect(res.status).toBe(201)
    expect(res.body.url).toBe(`https://t.me/acme_support?text=${res.body.code}`)
  })

  it('issues a single-use code stored only as a hash; sending it links exactly the sender, audited', async () => {
    await connectBot()
    const frank = await register('frank@example.com', { telegramUsername: 'frank_tg' })
    const frankId = Number(frank.doc.id)
    const issued = await frank.rest.post('/switchboard/telegram/verification')
    expect(issued.status).toBe(201)
    const code = issued.body.code as string
    expect(code).toMatch(/^sbv_[A-Za-z0-9_-]{27}$/)
    expect(issued.body.url).toBe(`https://t.me/acme_help_bot?start=${code}`)
    const stored = (await db.query(`select * from users where id = $1`, [frankId])).rows[0]
    expect(JSON.stringify(stored)).not.toContain(code)
    expect(stored.telegram_verification_hash).toMatch(/^[0-9a-f]{64}$/)
    // Never over the API, not even to staff.
    const asStaff = await staff.rest.get(`/users/${frankId}`)
    expect(asStaff.body.telegramVerificationHash).toBeUndefined()
    expect((await frank.rest.get('/switchboard/telegram/verification')).body).toMatchObject({ claim: 'frank_tg', verified: [] })

    const sender = await app.payload.create({ collection: 'telegram-users', data: { telegramId: 5005, username: 'frank_tg' } })
    expect(await redeemVerificationCode(app.payload, options(), { code, telegramId: 5005 })).toBe('linked')
    const linked = await telegramUser(Number(sender.id))
    expect(linked).toMatchObject({ user: frankId, linkSource: 'verified', linkStatus: 'linked' })
    expect((linked.linkEvents as Json[]).at(-1)).toMatchObject({ action: 'verified', user: frankId, username: 'frank_tg' })
    const status = await frank.rest.get('/switchboard/telegram/verification')
    expect(status.body).toMatchObject({ pendingUntil: null, verified: [{ username: 'frank_tg' }] })

    // Used up: another Telegram user sending the same code links nothing.
    const other = await app.payload.create({ collection: 'telegram-users', data: { telegramId: 5006 } })
    expect(await redeemVerificationCode(app.payload, options(), { code, telegramId: 5006 })).toBe('unknown')
    expect((await telegramUser(Number(other.id))).user ?? null).toBeNull()
    // The automatic rule leaves a verified link alone when usernames change.
    await app.payload.update({ collection: 'telegram-users', id: sender.id, data: { username: 'frank_new' } })
    expect(await telegramUser(Number(sender.id))).toMatchObject({ user: frankId, linkSource: 'verified', linkStatus: 'linked' })
  })

  it('refuses expired codes, wrong codes, bots and the account’s own user', async () => {
    const gina = await register('gina@example.com')
    const first = await gina.rest.post('/switchboard/telegram/verification')
    await db.query(`update users set telegram_verification_expires_at = now() - interval '1 second' where id = $1`, [gina.doc.id])
    expect(await redeemVerificationCode(app.payload, options(), { code: first.body.code, telegramId: 6001 })).toBe('expired')
    expect(await redeemVerificationCode(app.payload, options(), { code: `sbv_${'A'.repeat(27)}`, telegramId: 6001 })).toBe('unknown')
    const second = await gina.rest.post('/switchboard/telegram/verification')
    expect(await redeemVerificationCode(app.payload, options(), { code: second.body.code, telegramId: 777 })).toBe('refused')
    const third = await gina.rest.post('/switchboard/telegram/verification')
    expect(await redeemVerificationCode(app.payload, options(), { code: third.body.code, telegramId: 9001 })).toBe('refused')
    expect((await telegramUser(ids.me!)).user ?? null).toBeNull()
    expect((await telegramUser(ids.bot!)).user ?? null).toBeNull()
  })

  it('a newer code replaces the older one', async () => {
    const hank = await register('hank@example.com')
    const older = await hank.rest.post('/switchboard/telegram/verification')
    const newer = await hank.rest.post('/switchboard/telegram/verification')
    expect(await redeemVerificationCode(app.payload, options(), { code: older.body.code, telegramId: 7001 })).toBe('unknown')
    expect(await redeemVerificationCode(app.payload, options(), { code: newer.body.code, telegramId: 7001 })).toBe('linked')
  })
})

describe('engine-only fields are not writable over REST, by anyone', () => {
  it('conversations: sync state, cursors and Stream state stay as the engine wrote them', async () => {
    await db.query(`update conversations set last_synced_message_id = 500, sync_status = 'idle', stream_channel_id = 'sb-1' where id = $1`, [ids.victimsChat])
    const res = await admin.rest.patch(`/conversations/${ids.victimsChat}`, {
      lastSyncedMessageId: 1,
      backfillCursor: 1,
      syncStatus: 'running',
      fullSyncCompleted: true,
      streamChannelId: 'forged',
      streamSyncStatus: 'synced',
      title: 'Victor (VIP)',
    })
    expect(res.status).toBe(200)
    const row = (await db.query(`select * from conversations where id = $1`, [ids.victimsChat])).rows[0]
    expect(row).toMatchObject({ last_synced_message_id: '500', sync_status: 'idle', stream_channel_id: 'sb-1', full_sync_completed: false, title: 'Victor (VIP)' })
  })

  it('chat tokens: the hash, prefix, use count and conversation', async () => {
    const created = await staff.rest.post('/chat-tokens', { tokenHash: 'f'.repeat(64), uses: 99, note: 'x' })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    await admin.rest.patch(`/chat-tokens/${id}`, { tokenHash: '0'.repeat(64), tokenPrefix: 'sbt_forged', uses: 0, conversation: ids.victimsChat })
    const row = (await db.query(`select token_hash, token_prefix, uses, conversation_id from chat_tokens where id = $1`, [id])).rows[0]
    expect(row.token_hash).not.toMatch(/^(f{64}|0{64})$/)
    expect(row).toMatchObject({ uses: '0', conversation_id: null })
    expect(row.token_prefix).not.toBe('sbt_forged')
  })

  it('telegram accounts: session, login state and update state', async () => {
    await db.query(`update telegram_accounts set session = 'sealed', update_state_pts = 10 where id = $1`, [ids.account])
    await admin.rest.patch(`/telegram-accounts/${ids.account}`, { session: 'attacker', loginState: 'x', updateState: { pts: 1 }, telegramId: 1, name: 'Support desk' })
    const row = (await db.query(`select name, session, login_state, update_state_pts, telegram_id from telegram_accounts where id = $1`, [ids.account])).rows[0]
    expect(row).toMatchObject({ name: 'Support desk', session: 'sealed', login_state: null, update_state_pts: '10', telegram_id: '777' })
  })

  it('telegram users: the link changes only through the audited endpoints', async () => {
    await admin.rest.patch(`/telegram-users/${ids.victim}`, { user: alice.user.id, linkSource: 'manual', linkEvents: [] })
    const after = await telegramUser(ids.victim!)
    expect(after.user).not.toBe(alice.user.id)
    expect(after.linkEvents.length).toBeGreaterThan(0)
    const created = await staff.rest.post('/telegram-users', { telegramId: 8001, user: alice.user.id, linkSource: 'manual' })
    expect(created.status).toBe(201)
    expect(created.body.doc.user ?? null).toBeNull()
  })
})

describe('Payload’s jobs queue and document locks', () => {
  it('only admins run, queue or schedule jobs over REST', async () => {
    for (const who of [alice, editor, staff]) {
      expect((await who.rest.get('/payload-jobs/run?queue=switchboard')).status).toBe(401)
      expect((await who.rest.get('/payload-jobs/run?allQueues=true')).status).toBe(401)
    }
    expect((await restClient(app).get('/payload-jobs/run?allQueues=true')).status).toBe(401)
    expect((await admin.rest.get('/payload-jobs/run?queue=switchboard&limit=1')).status).toBe(200)
  })

  it('customers and editors cannot lock documents; staff can', async () => {
    const lock = (user: Session) => ({ document: { relationTo: 'conversations', value: ids.victimsChat }, user: { relationTo: 'users', value: user.user.id } })
    expect((await alice.rest.post('/payload-locked-documents', lock(alice))).status).toBe(403)
    expect((await editor.rest.post('/payload-locked-documents', lock(editor))).status).toBe(403)
    expect((await alice.rest.get('/payload-locked-documents')).status).toBe(403)
    const taken = await staff.rest.post('/payload-locked-documents', lock(staff))
    expect(taken.status).toBe(201)
    await staff.rest.delete(`/payload-locked-documents/${taken.body.doc.id}`)
  })

  it('the inbox’s own updates go through a colleague’s edit lock', async () => {
    const colleague = await createUserAndLogin(app, 'colleague@example.com', ['staff'])
    const taken = await colleague.rest.post('/payload-locked-documents', {
      document: { relationTo: 'conversations', value: ids.victimsChat },
      user: { relationTo: 'users', value: colleague.user.id },
    })
    expect(taken.status).toBe(201)
    expect((await staff.rest.patch(`/conversations/${ids.victimsChat}`, { isPinned: true })).status).toBe(423)
    expect((await staff.rest.patch(`/conversations/${ids.victimsChat}?depth=1&overrideLock=true`, { isPinned: true })).status).toBe(200)
  })
})
