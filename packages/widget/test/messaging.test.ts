import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { FakeChatServer } from './helpers'

import { $, $$, FakeEventSource, logTexts, mount, openChat, pendingStates, settle, setOnline, setup, teardown, type, validToken } from './helpers'

let server: FakeChatServer
beforeEach(() => {
  server = setup()
})
afterEach(teardown)

const storageKey = `switchboard-chat:${validToken}`
const stored = () => JSON.parse(localStorage.getItem(storageKey) ?? 'null')

describe('sending', () => {
  it('shows a message as sending, then moves it into the log as sent', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    let release!: () => void
    server.holdSends = new Promise((resolve) => (release = resolve))

    await type(chat, '  Hello there  ')
    await settle(chat)
    expect(pendingStates(chat)).toEqual(['Hello there: sending'])
    expect($(chat, '[role=log] [part~=message-sending]')).toBeNull()
    expect($<HTMLTextAreaElement>(chat, 'textarea')!.value).toBe('')

    release()
    await settle(chat)
    expect(pendingStates(chat)).toEqual([])
    expect(logTexts(chat)).toEqual(['Hello there'])
    expect($(chat, '[role=log] [part~=message-in] [part=message-meta]')!.textContent).toContain('Sent')
    const [post] = server.sent('/api/chat/messages')
    expect(post!.body!.text).toBe('Hello there')
    expect(post!.body!.clientMessageId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('sends with the send button too, and ignores empty text', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    await type(chat, '   ', 'button')
    await type(chat, 'Via button', 'button')
    await settle(chat)
    expect(server.sent('/api/chat/messages')).toHaveLength(1)
    expect(logTexts(chat)).toEqual(['Via button'])
  })

  it('refuses a message over 4000 characters before sending and keeps the draft', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    await type(chat, 'x'.repeat(4001))
    await settle(chat)
    expect($(chat, '[role=alert]')!.textContent).toBe('Messages are limited to 4000 characters.')
    expect($<HTMLTextAreaElement>(chat, 'textarea')!.value).toHaveLength(4001)
    expect(server.sent('/api/chat/messages')).toHaveLength(0)
  })

  it('marks a refused message failed with the reason; Retry sends it again with the same clientMessageId', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    server.failNext({ path: '/api/chat/messages', method: 'POST', status: 400, message: 'Not today.' })
    await type(chat, 'Try me')
    await settle(chat)
    expect(pendingStates(chat)).toEqual(['Try me: failed'])
    expect($(chat, '[role=alert]')!.textContent).toBe('Not today.')

    $(chat, '[part=retry-button]')!.click()
    await settle(chat)
    expect(pendingStates(chat)).toEqual([])
    expect(logTexts(chat)).toEqual(['Try me'])
    const ids = server.sent('/api/chat/messages').map((r) => r.body!.clientMessageId)
    expect(ids).toHaveLength(2)
    expect(ids[1]).toBe(ids[0])
    expect($(chat, '[role=alert]')!.textContent).toBe('')
  })

  it('discards a failed message on request', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    server.failNext({ path: '/api/chat/messages', method: 'POST', status: 400, message: 'No.' })
    await type(chat, 'Never mind')
    await settle(chat)
    $(chat, '[part=discard-button]')!.click()
    await settle(chat)
    expect(pendingStates(chat)).toEqual([])
    expect(stored().pending).toEqual([])
    expect(chat.shadowRoot!.activeElement).toBe($(chat, 'textarea'))
  })

  it('shows a message once when its answer was lost and the retry gets the stored one back (200)', async () => {
    const chat = await mount({}, server)
    const source = await openChat(chat)
    server.loseAnswers = true
    await type(chat, 'Only once')
    await settle(chat)
    // Stored and pushed over the stream although the POST's answer never came.
    expect(logTexts(chat)).toEqual(['Only once'])
    expect(pendingStates(chat)).toEqual([])
    server.loseAnswers = false
    source.emit('message', JSON.stringify(server.messages[0]), 'again')
    setOnline(true)
    await settle(chat)
    expect(logTexts(chat)).toEqual(['Only once'])
    expect(server.messages).toHaveLength(1)
  })

  it('queues messages while offline and sends them in order, with their clientMessageIds, once back online', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    setOnline(false)
    server.offline = true
    await type(chat, 'first')
    await type(chat, 'second')
    await settle(chat)
    expect(pendingStates(chat)).toEqual(['first: queued', 'second: queued'])
    expect($(chat, '[part~=message-queued] [part=message-meta]')!.textContent).toBe('Waiting for connection…')
    const queuedIds = stored().pending.map((p: { clientMessageId: string }) => p.clientMessageId)
    expect(queuedIds).toHaveLength(2)

    server.offline = false
    setOnline(true)
    await settle(chat)
    await vi.waitFor(() => expect(logTexts(chat)).toEqual(['first', 'second']))
    expect(pendingStates(chat)).toEqual([])
    expect(server.sent('/api/chat/messages').map((r) => r.body!.clientMessageId)).toEqual(queuedIds)
    expect(stored().pending).toEqual([])
  })

  it('retries a send that hit a network error with the same clientMessageId', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    server.offline = true
    await type(chat, 'flaky')
    await settle(chat)
    expect(pendingStates(chat)).toEqual(['flaky: queued'])
    server.offline = false
    setOnline(true)
    await vi.waitFor(() => expect(logTexts(chat)).toEqual(['flaky']))
    const attempts = server.sent('/api/chat/messages').map((r) => r.body!.clientMessageId)
    expect(attempts).toHaveLength(2)
    expect(new Set(attempts).size).toBe(1)
  })

  it('keeps unsent messages across a reload and sends them with their clientMessageIds', async () => {
    const first = await mount({}, server)
    await openChat(first)
    setOnline(false)
    await type(first, 'survive a reload')
    const [queued] = stored().pending
    first.remove()

    setOnline(true)
    const second = await mount({}, server)
    await vi.waitFor(() => expect(server.sent('/api/chat/messages')).toHaveLength(1))
    FakeEventSource.latest!.open()
    await settle(second)
    expect(server.sent('/api/chat/messages')[0]!.body!.clientMessageId).toBe(queued.clientMessageId)
    expect(server.messages.map((m) => m.text)).toEqual(['survive a reload'])
  })

  it('renews an expired session (resuming the conversation) and then sends', async () => {
    const chat = await mount({}, server)
    const source = await openChat(chat)
    server.sessions.get(source.session!)!.expired = true
    await type(chat, 'after expiry')
    await vi.waitFor(() => expect(logTexts(chat)).toEqual(['after expiry']))
    const sessions = server.sent('/api/chat/sessions')
    expect(sessions).toHaveLength(2)
    expect(sessions[1]!.body!.resume).toBe(source.session)
    expect(server.messages[0]!.conversationId).toBe(1)
  })
})

describe('events', () => {
  it('adds staff messages from the stream, applies edits and deletions in place', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    const message = server.addMessage(1, { text: 'Hi, how can I help?' })
    await settle(chat)
    expect(logTexts(chat)).toEqual(['Hi, how can I help?'])
    const node = $(chat, '[role=log] [part~=message]')

    server.editMessage(message.id, { text: 'Hi! How can I help?', editedAt: new Date().toISOString() })
    await settle(chat)
    expect(logTexts(chat)).toEqual(['Hi! How can I help?'])
    expect($(chat, '[role=log] [part=message-meta]')!.textContent).toContain('edited')
    // The same node, changed: a log announces additions, not edits.
    expect($(chat, '[role=log] [part~=message]')).toBe(node)

    server.editMessage(message.id, { deletedAt: new Date().toISOString() }, 'message-deleted')
    await settle(chat)
    expect(logTexts(chat)).toEqual(['Message deleted'])
  })

  it('orders messages by sentAt then id and adds each as one node', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    server.addMessage(1, { text: 'later', sentAt: '2026-01-01T12:00:10.000Z' })
    server.addMessage(1, { text: 'earlier', sentAt: '2026-01-01T12:00:05.000Z' })
    server.addMessage(1, { text: 'same time, higher id', sentAt: '2026-01-01T12:00:10.000Z' })
    await settle(chat)
    expect(logTexts(chat)).toEqual(['earlier', 'later', 'same time, higher id'])
    expect($$(chat, '[role=log] > *')).toHaveLength(3)
  })

  it('ignores an older version of a message arriving after a newer one', async () => {
    const chat = await mount({}, server)
    const source = await openChat(chat)
    const message = server.addMessage(1, { text: 'v1' })
    server.editMessage(message.id, { text: 'v2', editedAt: '2026-01-02T00:00:00.000Z' })
    source.emit('message', JSON.stringify({ ...message, text: 'v1' }), 'late')
    await settle(chat)
    expect(logTexts(chat)).toEqual(['v2'])
  })

  it('counts staff messages that arrive while the panel is closed on the launcher', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    $(chat, '[part=close-button]')!.click()
    await settle(chat)
    server.addMessage(1, { text: 'one' })
    server.addMessage(1, { text: 'two' })
    await settle(chat)
    expect($(chat, '[part=badge]')!.textContent).toBe('2')
    expect($(chat, '[part=launcher]')!.getAttribute('aria-label')).toBe('Open chat (2 new)')
    $(chat, '[part=launcher]')!.click()
    await settle(chat)
    expect($(chat, '[part=badge]')).toBeNull()
  })

  it('after a dropped stream, reconnects with backoff from the last event id and catches up on what it missed', async () => {
    const chat = await mount({}, server)
    const first = await openChat(chat)
    server.addMessage(1, { text: 'before' })
    await settle(chat)
    const reads = server.sent('/api/chat/messages', 'GET').length
    first.fail(true)
    await settle(chat)
    expect($(chat, '[part=status]')!.textContent).toBe('Offline. Reconnecting…')
    server.addMessage(1, { text: 'while away' }, false)

    await vi.waitFor(() => expect(FakeEventSource.instances).toHaveLength(2), { timeout: 3000 })
    const second = FakeEventSource.latest!
    second.open()
    await settle(chat)
    expect(second.session).toBe(first.session)
    expect(second.lastEventId).toMatch(/^\d+-\d+$/)
    expect(logTexts(chat)).toEqual(['before', 'while away'])
    // The history is read again after the reconnect (which also checks the session is still valid).
    expect(server.sent('/api/chat/messages', 'GET').length).toBeGreaterThan(reads)
    expect($(chat, '[part=status]')!.textContent).toBe('')
  })

  it('leaves reconnecting to the browser while the stream is only interrupted', async () => {
    const chat = await mount({}, server)
    const source = await openChat(chat)
    source.fail(false)
    await settle(chat)
    expect($(chat, '[part=status]')!.textContent).toBe('Connecting…')
    source.open()
    await settle(chat)
    expect($(chat, '[part=status]')!.textContent).toBe('')
    expect(FakeEventSource.instances).toHaveLength(1)
  })

  it('when the stream is refused because the session expired, renews the session and reconnects', async () => {
    const chat = await mount({}, server)
    const first = await openChat(chat)
    server.sessions.get(first.session!)!.expired = true
    first.fail(true)
    await vi.waitFor(() => expect(FakeEventSource.live).toHaveLength(1), { timeout: 3000 })
    const second = FakeEventSource.latest!
    expect(second).not.toBe(first)
    expect(second.session).not.toBe(first.session)
    expect(server.conversationOf(second.session)).toBe(1)
    expect(server.sent('/api/chat/sessions').at(-1)!.body!.resume).toBe(first.session)
  })
})

describe('when the server ends the session', () => {
  it('renews an expired one on the same conversation, quietly, and keeps the log', async () => {
    const chat = await mount({}, server)
    const first = await openChat(chat)
    server.addMessage(1, { text: 'before' })
    await settle(chat)
    server.endSession(first.session!, 'expired', 'Your chat session has expired. Reopen the chat to continue.')
    await vi.waitFor(() => expect(FakeEventSource.live).toHaveLength(1))
    const second = FakeEventSource.latest!
    expect(second.session).not.toBe(first.session)
    expect(server.conversationOf(second.session)).toBe(1)
    expect(server.sent('/api/chat/sessions').at(-1)!.body!.resume).toBe(first.session)
    expect(logTexts(chat)).toEqual(['before'])
    expect($(chat, '[role=alert]')!.textContent).toBe('')
  })

  it('says so when a revoked one cannot be continued, starts one new conversation and does not loop', async () => {
    const chat = await mount({}, server)
    const first = await openChat(chat)
    server.addMessage(1, { text: 'old conversation' })
    await settle(chat)
    server.endSession(first.session!, 'revoked')
    await vi.waitFor(() => expect(FakeEventSource.live).toHaveLength(1))
    FakeEventSource.latest!.open()
    await settle(chat)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(server.sent('/api/chat/sessions')).toHaveLength(2)
    expect(server.conversationOf(FakeEventSource.latest!.session)).toBe(2)
    expect(logTexts(chat)).toEqual([])
    expect($(chat, '[role=alert]')!.textContent).toBe('Your earlier chat has ended. Messages you send now start a new conversation.')
    await type(chat, 'hello again')
    await settle(chat)
    expect(server.messages.filter((m) => m.conversationId === 2).map((m) => m.text)).toEqual(['hello again'])
  })

  it('shows the reason when the chat link itself was switched off, and stops', async () => {
    const chat = await mount({}, server)
    const first = await openChat(chat)
    server.tokens.set(validToken, 'expired')
    server.endSession(first.session!, 'revoked', 'This chat link has expired. Ask the person who sent it for a new one.')
    await vi.waitFor(() => expect($(chat, '[role=alert]')!.textContent).toBe('This chat link has expired. Ask the person who sent it for a new one.'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(server.sent('/api/chat/sessions')).toHaveLength(2)
    expect(FakeEventSource.live).toHaveLength(0)
  })
})

describe('history', () => {
  it('reads a long history page by page, passing each cursor as after, into one ordered log', async () => {
    for (let i = 0; i < 150; i++) server.addMessage(1, { text: `m${i}` }, false)
    const chat = await mount({}, server)
    await openChat(chat)
    expect(server.sent('/api/chat/messages', 'GET').map((r) => r.query.get('after'))).toEqual([null, '100'])
    const texts = logTexts(chat)
    expect(texts).toHaveLength(150)
    expect([texts[0], texts[149]]).toEqual(['m0', 'm149'])
    expect($(chat, '[role=log]')!.getAttribute('aria-busy')).toBe('false')
  })
})

describe('returning visitors', () => {
  it('stores the session per chat token and resumes the same conversation on the next visit', async () => {
    const first = await mount({}, server)
    const source = await openChat(first)
    server.addMessage(1, { text: 'remember me' })
    await settle(first)
    expect(stored().sessionToken).toBe(source.session)
    first.remove()

    // Still valid: the stream and history open straight away, even with the panel closed.
    const second = await mount({}, server)
    await settle(second)
    expect(server.sent('/api/chat/sessions')).toHaveLength(1)
    expect(logTexts(second)).toEqual(['remember me'])
    expect(FakeEventSource.latest!.session).toBe(source.session)
  })

  it('renews an expired stored session with resume', async () => {
    const first = await mount({}, server)
    const source = await openChat(first)
    first.remove()
    localStorage.setItem(storageKey, JSON.stringify({ ...stored(), expiresAt: '2000-01-01T00:00:00.000Z' }))

    const second = await mount({}, server)
    await settle(second)
    const [, renewal] = server.sent('/api/chat/sessions')
    expect(renewal!.body).toEqual({ token: validToken, resume: source.session })
    expect(server.conversationOf(FakeEventSource.latest!.session)).toBe(1)
  })
})
