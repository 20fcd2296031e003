import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { SwitchboardChat } from '../src/switchboard-chat'
import type { FakeChatServer } from './helpers'

import { $, $$, FakeEventSource, logTexts, mount, openChat, settle, setup, teardown, validToken } from './helpers'

let server: FakeChatServer
beforeEach(() => {
  server = setup()
})
afterEach(teardown)

const storageKey = `switchboard-chat:${validToken}`
const stored = () => JSON.parse(localStorage.getItem(storageKey) ?? 'null')

const fill = (chat: SwitchboardChat, values: Record<string, string>) => {
  for (const [name, value] of Object.entries(values)) $<HTMLInputElement>(chat, `input[name=${name}]`)!.value = value
}
const submit = async (chat: SwitchboardChat) => {
  $<HTMLButtonElement>(chat, '[part=submit-button]')!.click()
  await settle(chat)
}
const showSignIn = async (chat: SwitchboardChat) => {
  $(chat, '[part=header-button]')!.click()
  await settle(chat)
}

describe('identify', () => {
  it('registers, logs in and links the conversation; the header then names the customer', async () => {
    const chat = await mount({}, server)
    const source = await openChat(chat)
    await showSignIn(chat)
    expect($(chat, '[part=identify]')).not.toBeNull()
    expect(chat.shadowRoot!.activeElement).toBe($(chat, 'input[name=email]'))
    expect($$(chat, 'input').map((i) => i.getAttribute('autocomplete'))).toEqual(['email', 'current-password'])

    $$(chat, '[part=identify] button[type=button]')[0]!.click()
    await settle(chat)
    expect($(chat, '[part=submit-button]')!.textContent).toBe('Create account')
    fill(chat, { name: 'Ann', email: 'ann@example.com', password: 'secret-pass' })
    await submit(chat)

    expect(server.sent('/api/users')[0]!.body).toEqual({ email: 'ann@example.com', password: 'secret-pass', displayName: 'Ann' })
    expect(server.sent('/api/users/login')[0]!.body).toEqual({ email: 'ann@example.com', password: 'secret-pass' })
    const [identify] = server.sent('/api/chat/identify')
    expect(identify!.authorization).toBe('JWT 1')
    expect(identify!.body).toEqual({ sessionToken: source.session })
    expect(server.owners.get(1)).toBe(1)

    expect($(chat, '[part=identify]')).toBeNull()
    expect($(chat, '[part=customer]')!.textContent).toBe('Signed in as Ann')
    expect($(chat, '[part=header-button]')!.textContent).toBe('Log out')
    expect(chat.shadowRoot!.activeElement).toBe($(chat, 'textarea'))
    expect(stored().customer).toEqual({ id: 1, email: 'ann@example.com', displayName: 'Ann' })
  })

  it('a signed-in customer verifies their Telegram account through the link the server gives; signed out there is no such button', async () => {
    const anonymous = await mount({}, server)
    await openChat(anonymous)
    expect($(anonymous, '[part=verify-button]')).toBeNull()
    anonymous.remove()

    server.users.push({ id: 1, email: 'ann@example.com', password: 'secret-pass', displayName: 'Ann' })
    const chat = await mount({}, server)
    await openChat(chat)
    await showSignIn(chat)
    fill(chat, { email: 'ann@example.com', password: 'secret-pass' })
    await submit(chat)
    const opened = vi.spyOn(window, 'open').mockReturnValue(null)
    $<HTMLButtonElement>(chat, '[part=verify-button]')!.click()
    await settle(chat)
    const [request] = server.sent('/api/switchboard/telegram/verification')
    expect(request!.authorization).toBe('JWT 1')
    const url = `https://t.me/acme_bot?start=sbv_${'c'.repeat(27)}`
    expect(opened).toHaveBeenCalledWith(url, '_blank', 'noopener')
    expect($(chat, '[part=verify]')!.textContent).toContain('press Start in the chat with @acme_bot')
    expect($<HTMLAnchorElement>(chat, '[part=verify] a')!.href).toBe(url)
  })

  it('shows Payload field errors from registration', async () => {
    server.users.push({ id: 1, email: 'ann@example.com', password: 'x', displayName: null })
    const chat = await mount({}, server)
    await openChat(chat)
    await showSignIn(chat)
    $$(chat, '[part=identify] button[type=button]')[0]!.click()
    await settle(chat)
    fill(chat, { name: 'Ann', email: 'ann@example.com', password: 'secret-pass' })
    await submit(chat)
    expect($(chat, '[role=alert]')!.textContent).toBe('A user with the given email is already registered.')
    expect(server.sent('/api/chat/identify')).toHaveLength(0)
  })

  it('shows a wrong password and the 409 of a conversation that is someone else’s, staying anonymous', async () => {
    server.users.push({ id: 1, email: 'bob@example.com', password: 'right', displayName: 'Bob' })
    const chat = await mount({}, server)
    await openChat(chat)
    server.owners.set(1, 99)
    await showSignIn(chat)

    fill(chat, { email: 'bob@example.com', password: 'wrong' })
    await submit(chat)
    expect($(chat, '[role=alert]')!.textContent).toBe('The email or password provided is incorrect.')

    fill(chat, { email: 'bob@example.com', password: 'right' })
    await submit(chat)
    expect($(chat, '[role=alert]')!.textContent).toBe(
      'This conversation belongs to another customer account. Log out and start a new chat.',
    )
    expect($(chat, '[part=identify]')).not.toBeNull()
    expect($(chat, '[part=customer]')!.textContent).toBe('')
    expect(stored().jwt).toBeUndefined()
  })

  it('goes back to the chat without signing in, keeping the draft', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    const input = $<HTMLTextAreaElement>(chat, 'textarea')!
    input.value = 'half-written'
    input.dispatchEvent(new Event('input'))
    await showSignIn(chat)
    $$(chat, '[part=identify] button[type=button]')[1]!.click()
    await settle(chat)
    expect($<HTMLTextAreaElement>(chat, 'textarea')!.value).toBe('half-written')
    expect(chat.shadowRoot!.activeElement).toBe($(chat, 'textarea'))
  })

  it('logs out: forgets the login and the session, and starts anonymous with a fresh session', async () => {
    server.users.push({ id: 1, email: 'ann@example.com', password: 'pw', displayName: 'Ann' })
    const chat = await mount({}, server)
    const first = await openChat(chat)
    server.addMessage(1, { text: 'private' })
    await showSignIn(chat)
    fill(chat, { email: 'ann@example.com', password: 'pw' })
    await submit(chat)
    expect($(chat, '[part=customer]')!.textContent).toBe('Signed in as Ann')

    $(chat, '[part=header-button]')!.click()
    await settle(chat)
    expect(server.sent('/api/users/logout')[0]!.authorization).toBe('JWT 1')
    // The session is ended on the server, not just forgotten here.
    expect(server.sent('/api/chat/sessions/current', 'DELETE')[0]!.authorization).toBe(`Bearer ${first.session}`)
    expect(server.sessions.get(first.session!)!.revoked).toBe(true)
    expect($(chat, '[part=customer]')!.textContent).toBe('')
    expect($(chat, '[part=header-button]')!.textContent).toBe('Sign in')
    expect(logTexts(chat)).toEqual([])
    const renewal = server.sent('/api/chat/sessions').at(-1)!
    expect(renewal.body).toEqual({ token: validToken })
    expect(renewal.authorization).toBeNull()
    FakeEventSource.latest!.open()
    await settle(chat)
    expect(FakeEventSource.latest!.session).not.toBe(first.session)
    expect(stored().jwt).toBeUndefined()
    expect(stored().conversationId).toBe(2)
  })

  it('when resuming needs the customer’s login (403), asks for it and resumes with it', async () => {
    server.users.push({ id: 1, email: 'ann@example.com', password: 'pw', displayName: 'Ann' })
    const first = await mount({}, server)
    const source = await openChat(first)
    first.remove()
    server.owners.set(1, 1)
    localStorage.setItem(storageKey, JSON.stringify({ ...stored(), expiresAt: '2000-01-01T00:00:00.000Z' }))

    const chat = await mount({ open: '' }, server)
    await settle(chat)
    expect($(chat, '[role=alert]')!.textContent).toBe('This conversation belongs to a customer account. Log in to continue it.')
    expect($(chat, '[part=identify]')).not.toBeNull()

    fill(chat, { email: 'ann@example.com', password: 'pw' })
    await submit(chat)
    const resumed = server.sent('/api/chat/sessions').at(-1)!
    expect(resumed.body).toEqual({ token: validToken, resume: source.session })
    expect(resumed.authorization).toBe('JWT 1')
    expect($(chat, '[part=customer]')!.textContent).toBe('Signed in as Ann')
    expect(server.conversationOf(FakeEventSource.latest!.session)).toBe(1)
  })
})
