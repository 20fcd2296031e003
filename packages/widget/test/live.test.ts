import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { FakeChatServer } from './helpers'

import { $, $$, mount, openChat, settle, setup, teardown } from './helpers'

let server: FakeChatServer
beforeEach(() => {
  server = setup()
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  teardown()
})

const input = (chat: HTMLElement, text: string) => {
  const textarea = chat.shadowRoot!.querySelector('textarea')!
  textarea.value = text
  textarea.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

describe('typing', () => {
  it('tells staff the customer is typing, at most every 3 seconds, with the session', async () => {
    const chat = await mount({}, server)
    const source = await openChat(chat)
    input(chat, 'H')
    input(chat, 'He')
    input(chat, 'Hel')
    await settle(chat)
    const posts = server.sent('/api/chat/typing')
    expect(posts).toHaveLength(1)
    expect(posts[0]!.authorization).toBe(`Bearer ${source.session}`)
    // Clearing the text is not typing.
    const now = Date.now()
    vi.spyOn(Date, 'now').mockReturnValue(now + 3500)
    input(chat, '')
    expect(server.sent('/api/chat/typing')).toHaveLength(1)
    input(chat, 'Hello')
    await settle(chat)
    expect(server.sent('/api/chat/typing')).toHaveLength(2)
  })

  it('shows that staff are typing for a few seconds, until their message arrives', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    expect($(chat, '[part=typing]')).toBeNull()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.signal(1, 'typing', { from: 'staff' })
    await chat.updateComplete
    expect($(chat, '[part=typing]')!.textContent).toBe('Support is typing…')
    vi.advanceTimersByTime(6500)
    await chat.updateComplete
    expect($(chat, '[part=typing]')).toBeNull()

    server.signal(1, 'typing', { from: 'staff' })
    await chat.updateComplete
    expect($(chat, '[part=typing]')).not.toBeNull()
    server.addMessage(1, { text: 'Here to help' })
    await chat.updateComplete
    expect($(chat, '[part=typing]')).toBeNull()
  })
})

describe('seen', () => {
  const metas = (chat: HTMLElement) => $$(chat as never, '[role=log] [part~=message-in] [part=message-meta]').map((m) => m.textContent ?? '')

  it('shows "Seen" under the customer’s last message once staff read it, live', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    const first = server.addMessage(1, { text: 'one', direction: 'in', senderName: 'Visitor' })
    server.addMessage(1, { text: 'two', direction: 'in', senderName: 'Visitor' })
    await settle(chat)
    expect(metas(chat).map((m) => m.includes('Seen'))).toEqual([false, false])

    // Read after the first only: the last one is not seen yet.
    server.signal(1, 'seen', { seenAt: first.sentAt })
    await settle(chat)
    expect(metas(chat).map((m) => m.includes('Seen'))).toEqual([false, false])

    server.signal(1, 'seen', { seenAt: new Date(Date.UTC(2027, 0, 1)).toISOString() })
    await settle(chat)
    expect(metas(chat).map((m) => m.includes('Seen'))).toEqual([false, true])
    expect(metas(chat)[0]).toContain('Sent')
  })

  it('knows what was seen from the history when it opens', async () => {
    server.addMessage(1, { text: 'earlier', direction: 'in', senderName: 'Visitor' }, false)
    server.addMessage(1, { text: 'Answer' }, false)
    server.seenAt = new Date(Date.UTC(2027, 0, 1)).toISOString()
    const chat = await mount({}, server)
    await openChat(chat)
    expect(metas(chat)).toEqual([expect.stringContaining('Seen')])
  })
})
