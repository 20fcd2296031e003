import type { AxeResults } from 'axe-core'
import type { Page } from 'playwright-core'

import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, expect, test } from 'vitest'

import { FakeTelegram, type FakeTelegramServer, startFakeTelegramServer, userPeer } from '../fakes/telegram'
import { useAdminHarness } from './harness'

/**
 * Connecting a Telegram account in the admin, in real Chromium on the production build (see
 * ./harness.ts), against a fake Telegram data centre (test/fakes/telegram) that the app's real
 * GramJS client talks MTProto to: phone → wrong code (refused) → right code → connected; then the
 * account page's sync panel, filled in as discovery and the history sync run in the app.
 *
 * The app is pointed at the fake through its environment. The harness starts `next start` with
 * this process's environment, and this file's `beforeAll` runs before the harness's (hooks run in
 * the order they are registered), so the variables below reach the app:
 * - TELEGRAM_API_ID, TELEGRAM_API_HASH, SWITCHBOARD_ENCRYPTION_KEY: the plugin's own settings;
 * - TELEGRAM_LOGIN_SESSION: the session a new login starts from (`telegram.loginSession`);
 * - TELEGRAM_DIAL_ADDRESS: `host:port` the app's GramJS clients dial instead of the address they
 *   would pick (GramJS ignores a session's port; see the fake's `clientParams`).
 */

const phone = '+44 7700 900123'
const world = new FakeTelegram({
  me: { id: 777, firstName: 'Support', lastName: 'Desk', username: 'acme_support', phone: '447700900123' },
  authorized: false,
})
world.addUser({ id: 1001, firstName: 'Alice', lastName: 'Wong', username: 'alice_w' })
world.addUser({ id: 1002, firstName: 'Bob', username: 'bob' })
world.addMessages(userPeer(1001), ['Hi', 'Is my order shipped?'])
// More than one history page (100 messages), so the sync takes a few steps.
world.addMessages(userPeer(1002), 150)

let fake: FakeTelegramServer | undefined
const savedEnv: Record<string, string | undefined> = {}
const setEnv = (values: Record<string, string>) => {
  for (const [key, value] of Object.entries(values)) {
    savedEnv[key] = process.env[key]
    process.env[key] = value
  }
}

// Registered before the harness: the fake listens, and the environment is set, before the app starts.
beforeAll(async () => {
  fake = await startFakeTelegramServer(world)
  setEnv({
    TELEGRAM_API_ID: '12345',
    TELEGRAM_API_HASH: 'fake-api-hash',
    SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    TELEGRAM_LOGIN_SESSION: fake.sessionString(),
    TELEGRAM_DIAL_ADDRESS: `${fake.host}:${fake.port}`,
  })
})

// Runs after the harness's afterAll (after-hooks run in reverse): the app has stopped by then.
afterAll(async () => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  await fake?.close()
})

// The worker runs discovery and the history syncs, as `npm run worker` does next to `npm start`.
const admin = useAdminHarness({ worker: true })

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** What axe-core finds wrong inside `selector` (contrast, labels, roles, headings), as "rule: element" lines. */
const accessibilityProblems = async (page: Page, selector: string): Promise<string[]> => {
  await page.addScriptTag({ path: axePath })
  return page.evaluate(async (context) => {
    const { axe } = window as unknown as { axe: { run: (context: string, options: object) => Promise<AxeResults> } }
    const { violations } = await axe.run(context, { resultTypes: ['violations'] })
    return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.html}`))
  }, selector)
}

const connectUrl = () => `${admin.baseUrl}/admin/telegram/connect`

let accountPath: string | undefined

const panelOf = (page: Page) => page.locator('.sb-sync-panel')

test('staff connect a Telegram account with phone and code, are told a wrong code is wrong, then see its sync progress', async () => {
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'staff')
    await page.goto(connectUrl())
    const connect = page.locator('.sb-telegram-connect')
    await connect.getByRole('heading', { name: 'Connect a Telegram account' }).waitFor()

    // The phone account is the default; a bot is the other choice.
    expect(await connect.getByLabel('User account (phone)').isChecked()).toBe(true)
    expect(await connect.getByLabel('Bot (token)').isChecked()).toBe(false)
    expect(await accessibilityProblems(page, '.sb-telegram-connect')).toEqual([])

    await connect.getByLabel('Name in Switchboard (optional)').fill('Browser test line')
    await connect.getByLabel('Phone number').fill(phone)
    await connect.getByRole('button', { name: 'Send code' }).click()

    // The code step says where the code went (the fake sends it to the Telegram app) and takes focus.
    const codeInput = connect.getByLabel('Login code')
    await codeInput.waitFor()
    expect(await connect.innerText()).toContain('Telegram sent a login code to the Telegram app')
    await expect.poll(() => codeInput.evaluate((input) => document.activeElement === input)).toBe(true)
    await connect.getByRole('status').getByText('Code sent.').waitFor()

    // A wrong code: refused with the server's message, and the code step stays.
    await codeInput.fill('00000')
    await connect.getByRole('button', { name: 'Sign in' }).click()
    await connect.getByRole('alert').getByText('That code is not right').waitFor()
    expect(await codeInput.getAttribute('aria-invalid')).toBe('true')
    expect(await connect.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true)
    expect(await accessibilityProblems(page, '.sb-telegram-connect')).toEqual([])

    // The right one connects.
    await codeInput.fill('12345')
    await connect.getByRole('button', { name: 'Sign in' }).click()
    const done = connect.getByRole('heading', { name: 'Connected as Support Desk' })
    await done.waitFor()
    expect(await connect.getByRole('alert').count()).toBe(0)
    expect(await connect.innerText()).toContain('sync their message history in the background')

    // On to the account's page: the link goes to the new account's edit view.
    await connect.getByRole('link', { name: 'Open the account and its sync progress' }).click()
    await page.waitForURL(/\/admin\/collections\/telegram-accounts\/\d+$/)
    accountPath = new URL(page.url()).pathname

    const panel = panelOf(page)
    await panel.getByRole('heading', { name: 'Telegram connection and sync' }).waitFor()
    await panel.getByText('Connected', { exact: true }).waitFor()
    const bar = panel.getByRole('progressbar', { name: "Messages synced across this account's conversations" })
    await bar.waitFor()
    expect(await panel.getByRole('button', { name: 'Sync all conversations now' }).isEnabled()).toBe(true)

    // Discovery and the history sync run in the app's job queue; the panel polls until they are done.
    // 2 from Alice and 150 from Bob.
    await expect.poll(() => panel.innerText(), { timeout: 90_000, interval: 1_000 }).toMatch(/152 of 152 messages \(100%\)|152 messages \(complete\)/)
    expect(await bar.getAttribute('aria-valuenow')).toBe('152')
    expect(await bar.getAttribute('aria-valuemax')).toBe('152')
    const figures = await panel.locator('dl').innerText()
    expect(figures).toMatch(/Conversations\s+2/)
    expect(figures).toMatch(/Fully synced\s+2/)
    expect(await accessibilityProblems(page, '.sb-sync-panel')).toEqual([])
  } finally {
    await page.close()
  }
}, 180_000)

test('a synced conversation shows its own progress, and "Sync new messages" queues a sync the panel follows to the end', async () => {
  expect(accountPath, 'the first test connects and syncs the account').toBeDefined()
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'staff')
    const found = await page.evaluate(async () => {
      const response = await fetch('/api/conversations?where[title][equals]=Bob&depth=0')
      return ((await response.json()) as { docs: Array<{ id: number }> }).docs
    })
    expect(found).toHaveLength(1)
    await page.goto(`${admin.baseUrl}/admin/collections/conversations/${found[0]!.id}`)

    const panel = panelOf(page)
    await panel.getByRole('heading', { name: 'Telegram history sync' }).waitFor()
    const bar = panel.getByRole('progressbar', { name: 'Messages of this conversation synced' })
    await expect.poll(() => bar.getAttribute('aria-valuetext'), { timeout: 15_000 }).toMatch(/^150 (of 150 messages \(100%\)|messages \(complete\))$/)
    expect(await panel.innerText()).toContain('The whole history is synced.')

    await panel.getByRole('button', { name: 'Sync new messages' }).click()
    await panel.getByRole('status').getByText('Sync of new messages queued.').waitFor()
    // Queued, then run by the app's job queue: the panel polls until it is idle again.
    await expect.poll(() => panel.locator('.sb-sync-panel__badge').innerText(), { timeout: 60_000, interval: 500 }).toBe('Idle')
    expect(await panel.getByRole('alert').count()).toBe(0)
    expect(await accessibilityProblems(page, '.sb-sync-panel')).toEqual([])
  } finally {
    await page.close()
  }
}, 90_000)

test('"Log in again" for an existing account keeps its kind and fills in its phone number', async () => {
  expect(accountPath, 'the first test connects the account').toBeDefined()
  const accountId = accountPath!.split('/').pop()
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'staff')
    await page.goto(`${connectUrl()}?account=${accountId}`)
    const connect = page.locator('.sb-telegram-connect')
    await connect.getByRole('heading', { name: 'Log in again: Browser test line' }).waitFor()
    // A re-login neither asks for a name nor offers the other kind of account.
    expect(await connect.getByLabel('Name in Switchboard (optional)').count()).toBe(0)
    expect(await connect.getByRole('radio').count()).toBe(0)
    expect(await connect.getByLabel('Phone number').inputValue()).toBe('+447700900123')

    // An id that does not exist is said so.
    await page.goto(`${connectUrl()}?account=999999`)
    await page.getByRole('alert').getByText('There is no Telegram account with id 999999').waitFor()
  } finally {
    await page.close()
  }
})

test('a bot is connected with its token; a new account form points to the connect view; people who are not staff cannot connect', async () => {
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'staff')
    // The bot choice asks for a token; the server's refusal of a malformed one is shown as it is.
    await page.goto(connectUrl())
    const connect = page.locator('.sb-telegram-connect')
    await connect.getByLabel('Bot (token)').check()
    expect(await connect.getByLabel('Phone number').count()).toBe(0)
    await connect.getByLabel('Bot token').fill('not-a-token')
    await connect.getByRole('button', { name: 'Connect bot' }).click()
    await connect.getByRole('alert').getByText('A bot token looks like').waitFor()

    await page.goto(`${admin.baseUrl}/admin/collections/telegram-accounts/create`)
    const link = panelOf(page).getByRole('link', { name: 'Connect a Telegram account' })
    await link.waitFor()
    expect(new URL(await link.evaluate((a: HTMLAnchorElement) => a.href)).pathname).toBe('/admin/telegram/connect')
  } finally {
    await page.close()
  }

  const editorPage = await admin.newPage()
  try {
    await admin.logIn(editorPage, 'editor')
    await editorPage.goto(connectUrl())
    await editorPage.getByText('Only staff can connect Telegram accounts.').waitFor()
    expect(await editorPage.locator('.sb-telegram-connect').count()).toBe(0)
  } finally {
    await editorPage.close()
  }
})

test('a reply from the inbox goes to Telegram; when Telegram refuses it, the inbox says why and Retry sends it', async () => {
  expect(accountPath, 'the first test connects and syncs the account').toBeDefined()
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'staff')
    const found = await page.evaluate(async () => {
      const response = await fetch('/api/conversations?where[title][equals]=Alice Wong&depth=0')
      return ((await response.json()) as { docs: Array<{ id: number }> }).docs
    })
    expect(found).toHaveLength(1)
    await page.goto(`${admin.baseUrl}/admin/inbox/${found[0]!.id}`)
    await page.locator('.sb-thread-header__title', { hasText: 'Alice Wong' }).waitFor()
    const composer = page.getByLabel('Reply', { exact: true })
    expect(await composer.isEnabled()).toBe(true)

    // Delivered: the worker sends it through the account, and Alice's chat on Telegram has it.
    await composer.fill('Your parcel left the warehouse today')
    await composer.press('Enter')
    await expect.poll(() => world.history(userPeer(1001)).some((m) => 'message' in m && m.message === 'Your parcel left the warehouse today'), { timeout: 30_000 }).toBe(true)

    // Refused once by Telegram: shown as not sent with the reason; Retry sends it.
    world.failWith('messages.SendMessage', 403, 'CHAT_WRITE_FORBIDDEN', 1)
    await composer.fill('And the invoice is attached')
    await composer.press('Enter')
    const failed = page.locator('.sb-message--failed', { hasText: 'And the invoice is attached' })
    await failed.getByText(/Not sent: Telegram refused the message: CHAT_WRITE_FORBIDDEN/).waitFor({ timeout: 30_000 })
    expect(await failed.getByRole('button', { name: 'Discard' }).count()).toBe(0)
    await failed.getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => world.history(userPeer(1001)).filter((m) => 'message' in m && m.message === 'And the invoice is attached').length, { timeout: 30_000 }).toBe(1)
    await page.locator('.sb-message--sent', { hasText: 'And the invoice is attached' }).waitFor({ timeout: 30_000 })
  } finally {
    await page.close()
  }
}, 120_000)
