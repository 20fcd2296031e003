import type { Payload } from 'payload'
import type { Page } from 'playwright-core'

import { expect, test } from 'vitest'

import { demoCredentials } from '../../dev/host/seed'
import { useAdminHarness } from './harness'

/**
 * The inbox as a helpdesk in real Chromium on the production build: a customer writes in the
 * widget; staff assign the conversation to themselves, write an internal note and a reply, and
 * resolve it with `e`; the reply is a canned reply picked after `/`. The widget shows the reply, never the note; the customer's next message
 * reopens the conversation.
 */
let chatToken = ''
const harness = useAdminHarness({
  afterSeed: async (payload: Payload) => {
    const staff = (await payload.find({ collection: 'users', where: { email: { equals: demoCredentials.staff.email } } })).docs[0]!
    const token = await payload.create({ collection: 'chat-tokens', data: { kind: 'personal', note: 'Helpdesk test' }, user: staff })
    chatToken = (token as { token?: string }).token!
    await payload.create({ collection: 'canned-replies', data: { title: 'Refund on its way', text: 'Sorry about that, a refund is on its way.', shortcut: 'refund' } })
    await payload.create({ collection: 'canned-replies', data: { title: 'Greeting', text: 'Hello! How can we help?', shortcut: 'hi' } })
    // The nav counts open conversations assigned to me or to no one: only this test's conversation.
    await payload.update({ collection: 'conversations', where: { id: { exists: true } }, data: { status: 'resolved' } })
  },
})

const staffApi = async () => {
  const login = await fetch(`${harness.baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoCredentials.staff),
  })
  const { token, user } = (await login.json()) as { token: string; user: { id: number } }
  const call = async (path: string) => {
    const res = await fetch(`${harness.baseUrl}/api${path}`, { headers: { authorization: `JWT ${token}` } })
    return (await res.json()) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  return {
    userId: user.id,
    conversation: (id: number) => call(`/conversations/${id}?depth=0`),
    chatLink: async (note: string) => (await call(`/chat-tokens?where[note][equals]=${encodeURIComponent(note)}&depth=0`)).docs[0],
  }
}

const widgetLog = (page: Page) => page.locator('switchboard-chat [part~=log]').innerText()
const widgetSend = async (page: Page, text: string) => {
  await page.locator('switchboard-chat [part~=input]').fill(text)
  await page.locator('switchboard-chat [part~=send-button]').click()
  await expect.poll(() => widgetLog(page), { timeout: 10_000 }).toContain(text)
}

test('staff assign a widget chat to themselves, add a note the customer never sees, reply with a canned reply and resolve with e; the customer’s next message reopens it', async () => {
  const api = await staffApi()
  const customer = await harness.newPage()
  const staff = await harness.newPage()
  await staff.setViewportSize({ width: 1280, height: 900 })
  try {
    await customer.goto(`${harness.baseUrl}/chat-demo?token=${chatToken}`)
    await customer.locator('switchboard-chat [part~=launcher]').click()
    await customer.locator('switchboard-chat [part~=input]').waitFor()
    await widgetSend(customer, 'My order never arrived')
    const conversationId = (await api.chatLink('Helpdesk test')).conversation as number

    await harness.logIn(staff, 'staff')
    await staff.goto(`${harness.baseUrl}/admin/inbox/${conversationId}`)
    await staff.locator('.sb-thread-header__title', { hasText: 'Website chat: Helpdesk test' }).waitFor({ timeout: 15_000 })
    await staff.locator('.sb-live-indicator[data-status="live"]').waitFor({ timeout: 15_000 })
    // Opening it reads it: the widget says "Seen" under the customer's message.
    const lastCustomerMeta = customer.locator('switchboard-chat [part~=log] [part~=message-in] [part=message-meta]').last()
    await expect.poll(() => lastCustomerMeta.innerText(), { timeout: 10_000 }).toContain('Seen')
    // Unassigned and open: the nav counts it already.
    await expect.poll(() => staff.locator('#nav-switchboard-inbox .sb-inbox-nav__badge').getAttribute('data-count').catch(() => null), { timeout: 10_000 }).toBe('1')

    // Assign to me: the picker follows, the log records it.
    await staff.getByRole('button', { name: 'Assign to me' }).click()
    await expect.poll(async () => (await api.conversation(conversationId)).assignee, { timeout: 10_000 }).toBe(api.userId)
    expect(await staff.getByLabel('Assignee').inputValue()).toBe(String(api.userId))
    const assigned = await api.conversation(conversationId)
    expect(assigned.assignmentEvents).toEqual([expect.objectContaining({ action: 'assigned', assignee: api.userId, by: api.userId })])
    // The nav counts it: one open conversation assigned to me.
    await expect.poll(() => staff.locator('#nav-switchboard-inbox .sb-inbox-nav__badge').getAttribute('data-count').catch(() => null), { timeout: 10_000 }).toBe('1')
    // "Mine" lists it.
    await staff.locator('.sb-inbox-status-tabs__tab[data-assignee="me"]').click()
    await expect.poll(() => staff.locator('.sb-inbox-item__title').allInnerTexts()).toEqual(['Website chat: Helpdesk test'])

    // An internal note, then a reply.
    await staff.getByRole('button', { name: 'Internal note' }).click()
    const noteBox = staff.getByLabel('Internal note', { exact: true })
    await noteBox.fill('Courier lost it; refund approved by finance')
    await noteBox.press('Enter')
    const note = staff.locator('.sb-message--note').last()
    await expect.poll(() => note.innerText().catch(() => ''), { timeout: 10_000 }).toContain('Courier lost it; refund approved by finance')
    expect(await note.innerText()).toContain('Internal note')
    await staff.screenshot({ path: 'test-results/helpdesk-note.png' })
    await staff.getByRole('button', { name: 'Reply', exact: true }).click()
    // The reply comes from a canned reply: / opens the list, typing narrows it, Enter inserts.
    const replyBox = staff.getByLabel('Reply', { exact: true })
    const canned = staff.getByRole('listbox', { name: 'Canned replies' })
    await replyBox.pressSequentially('/')
    // Typing a reply shows in the widget.
    await customer.locator('switchboard-chat [part=typing]').waitFor({ timeout: 10_000 })
    expect(await customer.locator('switchboard-chat [part=typing]').innerText()).toBe('Support is typing…')
    await expect.poll(() => canned.getByRole('option').count()).toBe(2)
    await replyBox.pressSequentially('ref')
    await expect.poll(() => canned.getByRole('option').allInnerTexts()).toEqual([expect.stringContaining('Refund on its way')])
    await replyBox.press('Enter')
    expect(await replyBox.inputValue()).toBe('Sorry about that, a refund is on its way.')
    expect(await canned.count()).toBe(0)
    await replyBox.press('Enter')
    await expect.poll(() => widgetLog(customer), { timeout: 15_000 }).toContain('Sorry about that, a refund is on its way.')

    // `e` resolves (outside the text box); the Open tab no longer lists it, Resolved does.
    await replyBox.press('Escape')
    await staff.keyboard.press('e')
    await expect.poll(async () => (await api.conversation(conversationId)).status, { timeout: 10_000 }).toBe('resolved')
    await staff.locator('.sb-thread-header__status[data-status="resolved"]').waitFor()
    await expect.poll(() => staff.locator('.sb-inbox-item__title').allInnerTexts(), { timeout: 10_000 }).toEqual([])
    // Resolved: nothing open waits on me any more.
    await expect.poll(() => staff.locator('#nav-switchboard-inbox .sb-inbox-nav__badge').count(), { timeout: 10_000 }).toBe(0)
    await staff.locator('.sb-inbox-status-tabs__tab[data-status="resolved"]').click()
    await expect.poll(() => staff.locator('.sb-inbox-item__title').allInnerTexts()).toEqual(['Website chat: Helpdesk test'])
    expect(await staff.locator('.sb-inbox-status-tabs__tab[data-status="resolved"] .sb-inbox-status-tabs__count').innerText()).toBe('1')
    await staff.screenshot({ path: 'test-results/helpdesk-resolved.png' })

    // The widget never shows the note, not even after a reload (history from the server).
    expect(await widgetLog(customer)).not.toContain('refund approved by finance')
    await customer.reload()
    await customer.locator('switchboard-chat [part~=launcher]').click()
    await expect.poll(() => widgetLog(customer), { timeout: 15_000 }).toContain('Sorry about that, a refund is on its way.')
    expect(await widgetLog(customer)).not.toContain('refund approved by finance')
    // It names who the conversation is assigned to.
    expect(await customer.locator('switchboard-chat [part~=agent]').innerText()).toBe('You are chatting with Sam Support')

    // The customer typing shows in the open thread.
    await customer.locator('switchboard-chat [part~=input]').fill('Thanks!')
    await expect.poll(() => staff.locator('.sb-thread__typing').innerText(), { timeout: 10_000 }).toBe('The customer is typing…')
    // The customer writes again: the conversation is open again.
    await widgetSend(customer, 'Thanks! One more question')
    await expect.poll(async () => (await api.conversation(conversationId)).status, { timeout: 10_000 }).toBe('open')
    // The nav's count follows live (a message event), without a reload.
    await expect.poll(() => staff.locator('#nav-switchboard-inbox .sb-inbox-nav__badge').getAttribute('data-count').catch(() => null), { timeout: 10_000 }).toBe('1')

    // The dashboard's helpdesk report: Sam has this one open conversation.
    await staff.goto(`${harness.baseUrl}/admin`)
    await staff.locator('.sb-dashboard[data-state="ready"]').waitFor({ timeout: 30_000 })
    const figure = (name: string) => staff.locator(`.sb-dashboard [data-figure="${name}"]`).first().innerText()
    expect(await figure(`helpdesk.openByAssignee.${api.userId}`)).toBe('1')
    expect(Number(await figure('helpdesk.open'))).toBeGreaterThanOrEqual(1)
  } finally {
    await customer.close()
    await staff.close()
  }
})
