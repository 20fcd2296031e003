import type { Payload } from 'payload'
import type { Page } from 'playwright-core'

import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

import { demoCredentials } from '../../dev/host/seed'
import { useAdminHarness } from './harness'

/**
 * The staff inbox (/admin/inbox) in real Chromium on the production build (see ./harness.ts),
 * against the demo seed: 8 conversations (one archived), labels VIP/Billing/Bug/Follow-up on
 * four of them, 3,000 messages.
 */

/** A message far back in "Wholesale buyers" (450 messages): opening it must load history until it is there. */
const deepPhrase = 'pallet of blue widgets'
const deepText = `The ${deepPhrase} arrived damaged <script>window.__xss = 1</script><b>bold?</b>`

const admin = useAdminHarness({
  afterSeed: async (payload: Payload) => {
    const { docs } = await payload.find({ collection: 'conversations', where: { title: { equals: 'Wholesale buyers' } }, limit: 1 })
    const conversation = docs[0]!
    const oldest = await payload.find({ collection: 'messages', where: { conversation: { equals: conversation.id } }, sort: 'sentAt', limit: 1 })
    await payload.create({
      collection: 'messages',
      data: {
        conversation: conversation.id,
        direction: 'in',
        kind: 'text',
        externalId: 100_000,
        senderName: 'Dmitri',
        text: deepText,
        sentAt: new Date(Date.parse(oldest.docs[0]!.sentAt as string) + 1_000).toISOString(),
      } as never,
    })
  },
})

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results')
const screenshot = async (page: Page, name: string) => {
  mkdirSync(screenshots, { recursive: true })
  await page.screenshot({ path: path.join(screenshots, `${name}.png`) })
}

/** The REST API as staff (JWT), for setting up and checking what the inbox shows. */
const staffApi = async () => {
  const login = await fetch(`${admin.baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoCredentials.staff),
  })
  const { token } = (await login.json()) as { token: string }
  const call = async (route: string, init: RequestInit = {}) => {
    const response = await fetch(`${admin.baseUrl}/api${route}`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}`, ...init.headers },
    })
    return (await response.json()) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  return {
    conversation: async (title: string) =>
      (await call(`/conversations?where[title][equals]=${encodeURIComponent(title)}&depth=0&limit=1`)).docs[0] as Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
    /** `query` adds parameters, e.g. `&sort=-sentAt&limit=1`. */
    messages: (conversation: number, query = '&limit=100') => call(`/messages?where[conversation][equals]=${conversation}&depth=0${query}`),
    createMessage: (data: Record<string, unknown>) => call('/messages', { method: 'POST', body: JSON.stringify(data) }),
    updateConversation: (id: number, data: Record<string, unknown>) => call(`/conversations/${id}`, { method: 'PATCH', body: JSON.stringify(data) }),
    /** Stores a file for the conversation (as the inbox does before a reply with a file). */
    upload: async (conversation: number, bytes: Buffer, name: string, type: string) => {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
      form.append('_payload', JSON.stringify({ conversation }))
      const response = await fetch(`${admin.baseUrl}/api/chat-attachments?depth=0`, { method: 'POST', headers: { authorization: `JWT ${token}` }, body: form })
      return ((await response.json()) as { doc: { id: number } }).doc
    },
  }
}

const list = '.sb-inbox-list__items'
const item = (page: Page, title: string) => page.locator('.sb-inbox-item', { has: page.locator('.sb-inbox-item__title', { hasText: new RegExp(`^${title}$`) }) })
const titles = (page: Page) => page.locator('.sb-inbox-item__title').allInnerTexts()
const thread = '.sb-thread-messages__list'
const threadText = (page: Page) => page.locator(thread).innerText()

/** True when the element is inside the thread's scrolling area as shown. */
const inThreadView = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => {
    const scroller = element.closest('.sb-thread-messages__scroll')!
    const box = element.getBoundingClientRect()
    const view = scroller.getBoundingClientRect()
    return box.bottom > view.top && box.top < view.bottom
  })

const openInbox = async (page: Page) => {
  await admin.logIn(page, 'staff')
  await page.goto(`${admin.baseUrl}/admin/inbox`)
  await page.locator(list).waitFor()
}

test('staff open the inbox from the nav, see the conversations, filter by labels and flags', async () => {
  const page = await admin.newPage()
  await page.setViewportSize({ width: 1280, height: 900 })
  try {
    await admin.logIn(page, 'staff')
    // The nav links to the inbox.
    const navLink = page.locator('#nav-switchboard-inbox')
    expect(await navLink.getAttribute('href')).toBe('/admin/inbox')
    await page.goto(`${admin.baseUrl}/admin/inbox`)
    await page.locator(list).waitFor()
    await page.locator('.sb-live-indicator[data-status="live"]').waitFor({ timeout: 15_000 })

    // Seven conversations; the archived one is not in the inbox. Newest activity first.
    await expect.poll(() => titles(page), { timeout: 15_000 }).toHaveLength(7)
    const shown = await titles(page)
    for (const title of ['Alice', 'Carol', 'Wholesale buyers', 'Beta testers', 'Release notes', 'Website chat: Alice', 'Bob ↔ Sam']) {
      expect(shown).toContain(title)
    }
    expect(shown).not.toContain('Acme Ltd ↔ Sam')
    const times = await page.locator('.sb-inbox-item__time').evaluateAll((elements) => elements.map((element) => element.getAttribute('datetime')!))
    expect([...times].sort().reverse()).toEqual(times)

    // Unread badges, label chips (name as text, colour as a dot), flags.
    expect(Number(await item(page, 'Alice').locator('.sb-inbox-item__unread').getAttribute('data-unread'))).toBeGreaterThan(0)
    expect(await item(page, 'Carol').locator('.sb-inbox-item__unread').count()).toBe(0)
    expect(await item(page, 'Alice').locator('.sb-label-chip').innerText()).toBe('VIP')
    expect(await item(page, 'Alice').locator('.sb-inbox-item__flag[title="Pinned"]').count()).toBe(1)
    expect(await item(page, 'Release notes').locator('.sb-inbox-item__flag[title="Muted"]').count()).toBe(1)
    await screenshot(page, 'inbox-list')

    // One label, then two (conversations with either).
    await page.locator('.sb-inbox-filters__label[data-label-name="Bug"]').click()
    await expect.poll(() => titles(page)).toEqual(['Beta testers'])
    await page.locator('.sb-inbox-filters__label[data-label-name="Billing"]').click()
    await expect.poll(async () => (await titles(page)).sort()).toEqual(['Beta testers', 'Carol'])
    await screenshot(page, 'inbox-label-filter')

    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect.poll(() => titles(page)).toHaveLength(7)

    // Flags, source, archived, title.
    await page.getByLabel('Unread').check()
    // The seed's unread ones, plus Wholesale buyers: the message planted there is incoming.
    await expect.poll(async () => (await titles(page)).sort()).toEqual(['Alice', 'Beta testers', 'Bob ↔ Sam', 'Wholesale buyers'])
    await page.getByLabel('Unread').uncheck()
    await page.getByLabel('Source').selectOption('direct')
    await expect.poll(() => titles(page)).toEqual(['Bob ↔ Sam'])
    await page.getByLabel('Status').selectOption('archived')
    await expect.poll(() => titles(page)).toEqual(['Acme Ltd ↔ Sam'])
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await page.getByPlaceholder('Filter by title').fill('beta')
    await expect.poll(() => titles(page)).toEqual(['Beta testers'])
  } finally {
    await page.close()
  }
})

test('staff open a website chat, reply with Enter and see it sent; an incoming message appears live', async () => {
  const api = await staffApi()
  const conversation = await api.conversation('Website chat: Alice')
  const page = await admin.newPage()
  await page.setViewportSize({ width: 1280, height: 900 })
  try {
    await openInbox(page)
    await page.locator('.sb-live-indicator[data-status="live"]').waitFor({ timeout: 15_000 })
    await item(page, 'Website chat: Alice').locator('a').click()
    await page.waitForURL(`${admin.baseUrl}/admin/inbox/${conversation.id}`)
    await page.locator('.sb-thread-header__title', { hasText: 'Website chat: Alice' }).waitFor()

    // The newest messages, oldest at the top, in the order they were sent.
    await expect.poll(() => page.locator(`${thread} .sb-message`).count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(50)
    const newest = (await api.messages(conversation.id, '&sort=-sentAt&limit=1')).docs[0]
    expect(await page.locator(`${thread} .sb-message`).last().getAttribute('data-message-id')).toBe(String(newest.id))
    expect(await inThreadView(page, `${thread} .sb-message >> nth=-1`)).toBe(true)

    // A reply: Shift+Enter is a new line, Enter sends. Markup stays text.
    const stamp = Date.now()
    const composer = page.getByLabel('Reply', { exact: true })
    await composer.fill(`Thanks Alice <b>not bold</b> ${stamp}`)
    await composer.press('Shift+Enter')
    await composer.pressSequentially('second line')
    await composer.press('Enter')
    expect(await composer.inputValue()).toBe('')
    const sent = page.locator(`${thread} .sb-message--sent`).last()
    await expect.poll(() => sent.innerText().catch(() => ''), { timeout: 10_000 }).toContain(`Thanks Alice <b>not bold</b> ${stamp}\nsecond line`)
    expect(await page.locator(`${thread} b`).count()).toBe(0)
    await screenshot(page, 'inbox-thread-reply')

    // Stored as the staff member's reply.
    const stored = (await api.messages(conversation.id, '&sort=-sentAt&limit=1')).docs[0]
    expect(stored.text).toBe(`Thanks Alice <b>not bold</b> ${stamp}\nsecond line`)
    expect(stored.direction).toBe('out')
    expect(stored.senderName).toBe('Sam Support')

    // The customer writes (as the widget would): the open thread shows it without a reload.
    await api.createMessage({ conversation: conversation.id, direction: 'in', text: `Live from Alice ${stamp}`, senderName: 'Alice Customer' })
    await expect.poll(() => threadText(page), { timeout: 15_000 }).toContain(`Live from Alice ${stamp}`)
    expect(await page.locator(`${thread} .sb-message`).last().innerText()).toContain(`Live from Alice ${stamp}`)

    // After a reload the reply is still there, from the server.
    await page.reload()
    await expect.poll(() => threadText(page), { timeout: 15_000 }).toContain(`Thanks Alice <b>not bold</b> ${stamp}`)
  } finally {
    await page.close()
  }
})

// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

test('attachments: a customer’s image shows inline in the thread; staff attach a file to a reply', async () => {
  const api = await staffApi()
  const conversation = await api.conversation('Website chat: Alice')
  const stamp = Date.now()
  const file = await api.upload(conversation.id, png, `photo-${stamp}.png`, 'image/png')
  await api.createMessage({ conversation: conversation.id, direction: 'in', text: `Here is the photo ${stamp}`, senderName: 'Alice Customer', attachment: file.id })
  const page = await admin.newPage()
  await page.setViewportSize({ width: 1280, height: 900 })
  try {
    await admin.logIn(page, 'staff')
    await page.goto(`${admin.baseUrl}/admin/inbox/${conversation.id}`)
    // Served by the session-checking endpoint, which takes the staff login (cookie): the picture loads.
    const image = page.locator(`${thread} img.sb-message__image[src$="/api/chat/attachments/${file.id}"]`)
    await image.waitFor({ timeout: 15_000 })
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(1)

    // Staff attach a PDF to a reply: its name shows until it is sent.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\nxref\n0 1\ntrailer << >>\n%%EOF\n')
    await page.locator('.sb-composer input[type=file]').setInputFiles({ name: `terms-${stamp}.pdf`, mimeType: 'application/pdf', buffer: pdf })
    await page.locator('.sb-composer__file', { hasText: `terms-${stamp}.pdf` }).waitFor()
    await page.getByLabel('Reply', { exact: true }).fill(`The terms ${stamp}`)
    await page.getByLabel('Reply', { exact: true }).press('Enter')
    const sent = page.locator(`${thread} .sb-message--sent`).last()
    await expect.poll(() => sent.innerText().catch(() => ''), { timeout: 10_000 }).toContain(`terms-${stamp}.pdf`)
    expect(await page.locator('.sb-composer__file').count()).toBe(0)
    const stored = (await api.messages(conversation.id, '&sort=-sentAt&limit=1')).docs[0]
    expect(stored).toMatchObject({ text: `The terms ${stamp}`, kind: 'media', mediaFileName: `terms-${stamp}.pdf`, direction: 'out' })
    expect(stored.attachment).toBeTruthy()
    // A type the plugin does not take is refused before uploading.
    await page.locator('.sb-composer input[type=file]').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<p>') })
    await page.locator('.sb-composer__file-error', { hasText: 'page.html cannot be attached' }).waitFor()
  } finally {
    await page.close()
  }
})

test('Telegram chats: the composer explains that the account needs a login before replying; older messages load when scrolling up', async () => {
  const page = await admin.newPage()
  await page.setViewportSize({ width: 1280, height: 900 })
  try {
    await openInbox(page)
    await item(page, 'Alice').locator('a').click()
    await page.locator('.sb-thread-header__title', { hasText: /^Alice$/ }).waitFor()
    expect(await page.getByLabel('Reply', { exact: true }).isDisabled()).toBe(true)
    // The seeded account has no session yet.
    expect(await page.locator('.sb-composer').innerText()).toContain('needs a new login before replies can be sent')

    // 900 messages: a page at a time, the view stays on what was on screen.
    const messages = page.locator(`${thread} .sb-message`)
    await expect.poll(() => messages.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(50)
    const before = await messages.count()
    const firstId = await messages.first().getAttribute('data-message-id')
    await page.locator('.sb-thread-messages__scroll').evaluate((element) => (element.scrollTop = 0))
    await expect.poll(() => messages.count(), { timeout: 15_000 }).toBeGreaterThan(before)
    expect(await inThreadView(page, `${thread} [data-message-id="${firstId}"]`)).toBe(true)
    const ids = await messages.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-message-id'))))
    expect(new Set(ids).size).toBe(ids.length)
    await screenshot(page, 'inbox-telegram-thread')
  } finally {
    await page.close()
  }
})

test('actions: opening reads the conversation; pin, mute, archive and labels apply and persist', async () => {
  const api = await staffApi()
  const bob = await api.conversation('Bob ↔ Sam')
  expect(bob.unreadCount).toBeGreaterThan(0)
  const page = await admin.newPage()
  await page.setViewportSize({ width: 1280, height: 900 })
  try {
    await openInbox(page)
    await item(page, 'Bob ↔ Sam').locator('a').click()
    await page.locator('.sb-thread-header__title', { hasText: 'Bob ↔ Sam' }).waitFor()
    await expect.poll(async () => (await api.conversation('Bob ↔ Sam')).unreadCount, { timeout: 10_000 }).toBe(0)
    await expect.poll(() => item(page, 'Bob ↔ Sam').locator('.sb-inbox-item__unread').count()).toBe(0)

    const actions = page.locator('.sb-thread-header__actions')
    await actions.getByRole('button', { name: 'Pin', exact: true }).click()
    await actions.getByRole('button', { name: 'Unpin', exact: true }).waitFor()
    await expect.poll(async () => (await api.conversation('Bob ↔ Sam')).isPinned).toBe(true)
    await actions.getByRole('button', { name: 'Mute', exact: true }).click()
    await expect.poll(async () => (await api.conversation('Bob ↔ Sam')).isMuted).toBe(true)

    // Labels: Follow-up is on; add VIP, remove Follow-up.
    await actions.getByRole('button', { name: 'Labels' }).click()
    const picker = page.locator('.sb-label-picker__popover')
    expect(await picker.getByLabel('Follow-up').isChecked()).toBe(true)
    await picker.getByLabel('VIP').check()
    await picker.getByLabel('Follow-up').uncheck()
    await page.keyboard.press('Escape')
    await picker.waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('.sb-thread-header__labels').innerText()).toBe('VIP')
    await expect.poll(async () => (await api.conversation('Bob ↔ Sam')).labels.map(String)).toHaveLength(1)
    expect(await item(page, 'Bob ↔ Sam').locator('.sb-label-chip').innerText()).toBe('VIP')
    await screenshot(page, 'inbox-actions')

    // Archive: it leaves the inbox list (still open here), and is under Archived.
    await actions.getByRole('button', { name: 'Archive', exact: true }).click()
    await expect.poll(async () => (await api.conversation('Bob ↔ Sam')).isArchived).toBe(true)
    await expect.poll(() => titles(page), { timeout: 10_000 }).not.toContain('Bob ↔ Sam')
    await page.getByLabel('Status').selectOption('archived')
    await expect.poll(async () => (await titles(page)).sort()).toEqual(['Acme Ltd ↔ Sam', 'Bob ↔ Sam'])
    await actions.getByRole('button', { name: 'Unarchive', exact: true }).click()
    await expect.poll(async () => (await api.conversation('Bob ↔ Sam')).isArchived).toBe(false)
  } finally {
    await page.close()
  }
})

test('keyboard: j/k move through the list, Enter opens, Esc goes back; typing in a box is left alone', async () => {
  const page = await admin.newPage()
  await page.setViewportSize({ width: 1280, height: 900 })
  try {
    await openInbox(page)
    await expect.poll(() => titles(page)).toHaveLength(7)
    const order = await titles(page)
    await page.locator('body').click({ position: { x: 900, y: 400 } })

    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await page.keyboard.press('k')
    await page.keyboard.press('j')
    expect(await page.evaluate(() => document.activeElement?.closest('.sb-inbox-item')?.querySelector('.sb-inbox-item__title')?.textContent)).toBe(
      order[1],
    )
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/admin\/inbox\/\d+$/)
    await page.locator('.sb-thread-header__title', { hasText: new RegExp(`^${order[1]}$`) }).waitFor()

    // Typing j and k in the title filter filters; it does not move the selection.
    const url = page.url()
    await page.getByPlaceholder('Filter by title').pressSequentially('jk')
    expect(await page.getByPlaceholder('Filter by title').inputValue()).toBe('jk')
    expect(page.url()).toBe(url)
    // Esc in the box clears it; Esc outside goes back to the list.
    await page.getByPlaceholder('Filter by title').press('Escape')
    expect(await page.getByPlaceholder('Filter by title').inputValue()).toBe('')
    await page.getByPlaceholder('Filter by title').blur()
    await page.keyboard.press('Escape')
    await page.waitForURL(`${admin.baseUrl}/admin/inbox`)
    await page.locator('.sb-inbox__empty').waitFor()

    // Back and forward follow the URL.
    await page.goBack()
    await page.locator('.sb-thread-header__title', { hasText: new RegExp(`^${order[1]}$`) }).waitFor()
  } finally {
    await page.close()
  }
})

test('search: results mark the matching words as text; a result opens its message deep in the thread, highlighted', async () => {
  const api = await staffApi()
  const wholesale = await api.conversation('Wholesale buyers')
  const page = await admin.newPage()
  await page.setViewportSize({ width: 1280, height: 900 })
  try {
    await openInbox(page)
    const search = page.getByLabel('Search all messages')
    await search.fill('duplicate charge')
    const results = page.locator('.sb-inbox-search__result')
    await results.first().waitFor({ timeout: 15_000 })
    expect(await results.count()).toBeGreaterThan(1)
    const marks = await results.first().locator('mark').allInnerTexts()
    expect(marks.map((mark) => mark.toLowerCase())).toEqual(expect.arrayContaining(['duplicate', 'charge']))
    await screenshot(page, 'inbox-search')

    // Open the newest match: its conversation opens at that message.
    const first = results.first()
    const firstId = await first.getAttribute('data-message-id')
    await first.click()
    await page.waitForURL((url) => url.pathname.startsWith('/admin/inbox/') && url.searchParams.get('message') === firstId)
    await page.locator(`.sb-message--highlighted[data-message-id="${firstId}"]`).waitFor({ timeout: 15_000 })

    // A message from the first hour of a 450-message chat: history loads until it is there.
    await search.fill(`"${deepPhrase}"`)
    await expect.poll(() => results.count(), { timeout: 15_000 }).toBe(1)
    const deep = results.first()
    expect(await deep.innerText()).toContain('Wholesale buyers')
    expect(await deep.locator('script').count()).toBe(0)
    const deepId = await deep.getAttribute('data-message-id')
    await deep.click()
    await page.waitForURL(`${admin.baseUrl}/admin/inbox/${wholesale.id}?message=${deepId}`)
    const target = `.sb-message--highlighted[data-message-id="${deepId}"]`
    await page.locator(target).waitFor({ timeout: 20_000 })
    await expect.poll(() => inThreadView(page, target), { timeout: 5_000 }).toBe(true)
    expect(await page.locator(target).innerText()).toContain(deepText)
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined()
    expect(await page.locator(`${thread} .sb-message`).count()).toBeGreaterThan(400)
    await screenshot(page, 'inbox-search-jump')

    // Esc closes the search; the list comes back.
    await search.focus()
    await page.keyboard.press('Escape')
    await page.locator(list).waitFor()

    // The shared URL opens the same message in a fresh page.
    const shared = await admin.newPage()
    await shared.setViewportSize({ width: 1280, height: 900 })
    try {
      await admin.logIn(shared, 'staff')
      await shared.goto(`${admin.baseUrl}/admin/inbox/${wholesale.id}?message=${deepId}`)
      await shared.locator(target).waitFor({ timeout: 20_000 })
    } finally {
      await shared.close()
    }

    // In-conversation search.
    await page.locator('.sb-thread-header__actions').getByRole('button', { name: 'Search' }).click()
    await page.getByLabel('Search this conversation').fill('tracking number')
    const inConversation = page.locator('.sb-thread__search .sb-inbox-search__result')
    await inConversation.first().waitFor({ timeout: 15_000 })
    const hit = await inConversation.nth(2).getAttribute('data-message-id')
    await inConversation.nth(2).click()
    await page.locator(`.sb-message--highlighted[data-message-id="${hit}"]`).waitFor({ timeout: 15_000 })
    const conversationOf = (await api.messages(wholesale.id, `&where[id][equals]=${hit}`)).docs
    expect(conversationOf).toHaveLength(1)
  } finally {
    await page.close()
  }
})

test('only staff get the inbox: an editor sees a note and no nav link', async () => {
  const page = await admin.newPage()
  await page.setViewportSize({ width: 1280, height: 900 })
  try {
    await admin.logIn(page, 'editor')
    expect(await page.locator('#nav-switchboard-inbox').count()).toBe(0)
    await page.goto(`${admin.baseUrl}/admin/inbox`)
    await page.getByText('Only staff can use the inbox.').waitFor()
    expect(await page.locator('.sb-inbox').count()).toBe(0)
  } finally {
    await page.close()
  }
})
