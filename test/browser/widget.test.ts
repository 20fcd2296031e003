import type { Payload } from 'payload'
import type { Page } from 'playwright-core'

import { expect, test } from 'vitest'

import { demoCredentials } from '../../dev/host/seed'
import { useAdminHarness } from './harness'

/**
 * The chat widget as a customer meets it: the demo page served by the production build, real
 * Chromium, and staff answering over the REST API the admin uses.
 */
let chatToken = ''
/** A link of its own for the launcher test: a personal link is one visitor's conversation. */
let launcherToken = ''
/** And one for the attachments test. */
let attachmentToken = ''
const harness = useAdminHarness({
  afterSeed: async (payload: Payload) => {
    const staff = (await payload.find({ collection: 'users', where: { email: { equals: demoCredentials.staff.email } } })).docs[0]!
    const link = async (note: string) => (await payload.create({ collection: 'chat-tokens', data: { kind: 'personal', note }, user: staff }) as { token?: string }).token!
    chatToken = await link('Widget test')
    launcherToken = await link('Launcher test')
    attachmentToken = await link('Attachment test')
  },
})

const staffApi = async () => {
  const login = await fetch(`${harness.baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoCredentials.staff),
  })
  const { token } = (await login.json()) as { token: string }
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${harness.baseUrl}/api${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}`, ...init.headers },
    })
    return (await res.json()) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  return {
    reply: (conversation: number, text: string) => call('/messages', { method: 'POST', body: JSON.stringify({ conversation, text, direction: 'out' }) }),
    messages: (conversation: number) => call(`/messages?where[conversation][equals]=${conversation}&sort=id&limit=100&depth=0`),
    conversation: (id: number) => call(`/conversations/${id}?depth=0`),
    /** A reply with a file, as the inbox sends it: the file first, then the message naming it. */
    replyWithFile: async (conversation: number, text: string, file: { bytes: Buffer; name: string; type: string }) => {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name)
      form.append('_payload', JSON.stringify({ conversation }))
      const uploaded = await fetch(`${harness.baseUrl}/api/chat-attachments?depth=0`, { method: 'POST', headers: { authorization: `JWT ${token}` }, body: form })
      const { doc } = (await uploaded.json()) as { doc: { id: number } }
      return call('/messages', { method: 'POST', body: JSON.stringify({ conversation, text, direction: 'out', attachment: doc.id }) })
    },
    chatLink: async (note: string) => (await call(`/chat-tokens?where[note][equals]=${encodeURIComponent(note)}&depth=0`)).docs[0],
  }
}

const openWidget = async (page: Page) => {
  await page.goto(`${harness.baseUrl}/chat-demo?token=${chatToken}`)
  await page.locator('switchboard-chat [part~=launcher]').click()
  await page.locator('switchboard-chat [part~=input]').waitFor()
}

const logText = (page: Page) => page.locator('switchboard-chat [part~=log]').innerText()

test('a customer chats with staff in real time, resumes after losing the connection, and registers to keep the conversation', async () => {
  const staff = await staffApi()
  const page = await harness.newPage()
  try {
    await openWidget(page)
    await page.locator('switchboard-chat [part~=input]').fill('Hello from the widget <b>not bold</b>')
    await page.locator('switchboard-chat [part~=send-button]').click()
    await expect.poll(() => logText(page), { timeout: 10_000 }).toContain('Hello from the widget <b>not bold</b>')
    // Markup is text: no <b> element was created in the widget.
    expect(await page.locator('switchboard-chat [part~=log] b').count()).toBe(0)

    // The staff side sees it, in the conversation of this chat link.
    const conversationId = (await staff.chatLink('Widget test')).conversation as number
    const stored = await staff.messages(conversationId)
    expect(stored.docs.map((m: { text: string }) => m.text)).toContain('Hello from the widget <b>not bold</b>')

    // A staff reply appears without a reload.
    await staff.reply(conversationId, 'Hi, this is support. How can I help?')
    await expect.poll(() => logText(page), { timeout: 10_000 }).toContain('Hi, this is support. How can I help?')

    // The connection drops; staff write meanwhile; the widget resumes and shows it.
    await page.context().setOffline(true)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await staff.reply(conversationId, 'Are you still there?')
    await page.context().setOffline(false)
    await expect.poll(() => logText(page), { timeout: 20_000 }).toContain('Are you still there?')

    // Registering from the widget links the conversation to the new customer.
    await page.locator('switchboard-chat [part~=header-button]').click()
    await page.locator('switchboard-chat [part~=identify] button[type=button]').first().click()
    await page.locator('switchboard-chat input[name=name]').fill('Wanda Widget')
    await page.locator('switchboard-chat input[name=email]').fill('wanda@example.com')
    await page.locator('switchboard-chat input[name=password]').fill('wanda-password-1')
    await page.locator('switchboard-chat [part~=submit-button]').click()
    await expect
      .poll(async () => (await staff.conversation(conversationId)).customer, { timeout: 10_000 })
      .toEqual(expect.any(Number))
    const conversation = await staff.conversation(conversationId)
    expect(conversation.contactEmail).toBe('wanda@example.com')
  } finally {
    await page.close()
  }

  // Someone else opening the same link is asked to sign in and cannot read Wanda's conversation.
  const stranger = await harness.newPage()
  try {
    await stranger.goto(`${harness.baseUrl}/chat-demo?token=${chatToken}`)
    await stranger.locator('switchboard-chat [part~=launcher]').click()
    await stranger.locator('switchboard-chat [part~=identify]').waitFor()
    const shown = await stranger.locator('switchboard-chat').evaluate((el) => el.shadowRoot?.textContent ?? '')
    expect(shown).not.toContain('Hello from the widget')
    expect(shown).not.toContain('this is support')
  } finally {
    await stranger.close()
  }
})

test('the light launcher loads nothing but itself until the visitor reaches for it, then becomes the chat', async () => {
  const page = await harness.newPage()
  try {
    const scripts: string[] = []
    page.on('request', (request) => void (request.resourceType() === 'script' && request.url().includes('/widget/') && scripts.push(new URL(request.url()).pathname)))
    await page.goto(`${harness.baseUrl}/chat-demo?launcher&token=${launcherToken}`)
    await page.locator('switchboard-launcher [part~=launcher]').waitFor()
    expect(scripts).toEqual(['/widget/switchboard-launcher.js'])
    expect(await page.locator('switchboard-chat').count()).toBe(0)
    // The pointer on its way to the button is intent enough: the chat loads and takes its place.
    await page.locator('switchboard-launcher [part~=launcher]').hover()
    await page.locator('switchboard-chat [part~=launcher]').waitFor()
    expect(scripts).toEqual(['/widget/switchboard-launcher.js', '/widget/switchboard-chat.js'])
    expect(await page.locator('switchboard-launcher [part~=launcher]').count()).toBe(0)
    await page.locator('switchboard-chat [part~=launcher]').click()
    await page.locator('switchboard-chat [part~=input]').waitFor()
    await page.locator('switchboard-chat [part~=input]').fill('Hello through the launcher')
    await page.locator('switchboard-chat [part~=send-button]').click()
    await expect.poll(() => logText(page), { timeout: 10_000 }).toContain('Hello through the launcher')
  } finally {
    await page.close()
  }
})

test('a customer sends a picture, sees it in the log, is told when a file is refused, and gets a file from staff', async () => {
  const staff = await staffApi()
  const page = await harness.newPage()
  try {
    await page.goto(`${harness.baseUrl}/chat-demo?token=${attachmentToken}`)
    await page.locator('switchboard-chat [part~=launcher]').click()
    await page.locator('switchboard-chat [part~=attach-button]').waitFor()
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
    await page.locator('switchboard-chat input[type=file]').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png })
    // Shown from a blob: the file is fetched with the session, never from a plain URL.
    const image = page.locator('switchboard-chat [part~=log] img[part~=attachment]')
    await image.waitFor({ timeout: 15_000 })
    await expect.poll(() => image.evaluate((element) => [(element as HTMLImageElement).src.slice(0, 5), (element as HTMLImageElement).naturalWidth]), { timeout: 10_000 }).toEqual(['blob:', 1])
    expect(await image.getAttribute('alt')).toBe('receipt.png')

    await page.locator('switchboard-chat input[type=file]').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') })
    await expect.poll(() => page.locator('switchboard-chat [part~=error]').innerText(), { timeout: 10_000 }).toContain('This type of file cannot be attached')

    const link = await staff.chatLink('Attachment test')
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\nxref\n0 1\ntrailer << >>\n%%EOF\n')
    await staff.replyWithFile(link.conversation, 'Your invoice', { bytes: pdf, name: 'invoice.pdf', type: 'application/pdf' })
    const file = page.locator('switchboard-chat [part~=log] a[part~=attachment]')
    await file.waitFor({ timeout: 15_000 })
    expect(await file.innerText()).toBe('invoice.pdf')
    expect(await file.getAttribute('download')).toBe('invoice.pdf')
    await expect.poll(() => file.getAttribute('href'), { timeout: 10_000 }).toMatch(/^blob:/)
  } finally {
    await page.close()
  }
})
