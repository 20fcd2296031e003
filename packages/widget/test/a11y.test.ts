import axe from 'axe-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { SwitchboardChat } from '../src/switchboard-chat'
import type { FakeChatServer } from './helpers'

import { $, mount, openChat, pendingStates, settle, setOnline, setup, teardown, type } from './helpers'

let server: FakeChatServer
beforeEach(() => {
  server = setup()
  document.documentElement.lang = 'en'
  document.title = 'Widget test'
})
afterEach(teardown)

const violations = async (chat: SwitchboardChat) => {
  const result = await axe.run(chat, { resultTypes: ['violations'] })
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

describe('accessibility', () => {
  it('axe finds no violations: closed, open with messages, pending and failed states, sign-in form', async () => {
    const chat = await mount({}, server)
    expect(await violations(chat)).toEqual([])

    await openChat(chat)
    server.addMessage(1, { text: 'Hello, see https://example.com' })
    await type(chat, 'Sent one')
    await settle(chat)
    server.failNext({ path: '/api/chat/messages', method: 'POST', status: 400, message: 'Refused' })
    await type(chat, 'Failed one')
    await settle(chat)
    setOnline(false)
    await type(chat, 'Queued one')
    await settle(chat)
    expect(pendingStates(chat)).toEqual(['Failed one: failed', 'Queued one: queued'])
    expect(await violations(chat)).toEqual([])

    $(chat, '[part=header-button]')!.click()
    await settle(chat)
    expect(await violations(chat)).toEqual([])
  })

  it('the log announces additions only, and is busy while the history loads', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    const log = $(chat, '[role=log]')!
    expect(log.getAttribute('aria-relevant')).toBe('additions')
    expect(log.getAttribute('aria-label')).toBe('Messages')
    expect(log.getAttribute('aria-busy')).toBe('false')
    expect($(chat, '[role=alert]')).not.toBeNull()
  })

  it('pending messages stay outside the log until the server has them', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    setOnline(false)
    await type(chat, 'wait')
    await settle(chat)
    const log = $(chat, '[role=log]')!
    expect(log.textContent).not.toContain('wait')
    setOnline(true)
    await settle(chat)
    expect(log.textContent).toContain('wait')
  })

  it('every control is a button or a labelled field reachable by keyboard', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    // A hidden control (the attach button's file input) is outside the accessibility tree; its button is the control.
    const controls = [...chat.shadowRoot!.querySelectorAll<HTMLElement>('button, textarea, input:not([hidden]), [tabindex]')]
    for (const control of controls) {
      expect(control.tabIndex, control.outerHTML).toBeGreaterThanOrEqual(0)
      const label = control.getAttribute('aria-label') || control.textContent?.trim() || (control.id && chat.shadowRoot!.querySelector(`label[for=${control.id}]`)?.textContent)
      if (control.tagName !== 'DIV') expect(label, control.outerHTML).toBeTruthy()
    }
  })
})
