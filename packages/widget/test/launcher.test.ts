import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { SwitchboardChat } from '../src/switchboard-chat'
import type { FakeChatServer } from './helpers'

import '../src/switchboard-launcher'
import { saveChat } from '../src/storage'
import { $, FakeEventSource, settle, setup, teardown, validToken } from './helpers'

let server: FakeChatServer
beforeEach(() => {
  server = setup()
})
afterEach(teardown)

/** The chat module, as the built launcher finds it beside itself (here: the source, already loaded by the helpers). */
const chatModule = `${import.meta.dirname}/../src/index.ts`

const mountLauncher = (attributes: Record<string, string> = {}) => {
  const launcher = document.createElement('switchboard-launcher')
  launcher.setAttribute('server', server.base)
  launcher.setAttribute('token', validToken)
  launcher.setAttribute('src', chatModule)
  for (const [name, value] of Object.entries(attributes)) launcher.setAttribute(name, value)
  document.body.append(launcher)
  return launcher
}
const button = (launcher: HTMLElement) => launcher.shadowRoot!.querySelector<HTMLButtonElement>('[part=launcher]')!
const swapped = async (): Promise<SwitchboardChat> => {
  for (let i = 0; i < 50 && !document.querySelector('switchboard-chat'); i++) await new Promise((resolve) => setTimeout(resolve, 10))
  const chat = document.querySelector<SwitchboardChat>('switchboard-chat')!
  await settle(chat)
  return chat
}

describe('<switchboard-launcher>', () => {
  it('shows the launcher button alone and contacts nobody until the visitor shows intent', async () => {
    const launcher = mountLauncher()
    expect(button(launcher).getAttribute('aria-label')).toBe('Open chat')
    expect(button(launcher).getAttribute('aria-expanded')).toBe('false')
    expect(launcher.shadowRoot!.querySelector('[part=badge]')).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(document.querySelector('switchboard-chat')).toBeNull()
    expect(server.requests).toEqual([])
  })

  it('a click loads the chat in its place, with the same attributes, and opens it', async () => {
    const launcher = mountLauncher({ i18n: '{"title":"Ask us"}' })
    button(launcher).click()
    const chat = await swapped()
    // The launcher stays where the page put it, empty; the chat is added at the end of <body>.
    expect(launcher.shadowRoot!.childNodes.length).toBe(0)
    expect(document.body.lastElementChild).toBe(chat)
    expect(chat.getAttribute('token')).toBe(validToken)
    expect(chat.getAttribute('server')).toBe(server.base)
    expect(chat.getAttribute('i18n')).toBe('{"title":"Ask us"}')
    expect(chat.hasAttribute('src')).toBe(false)
    expect(chat.open).toBe(true)
    expect($(chat, '[part=panel]')!.hidden).toBe(false)
  })

  it('rendered again after it became the chat (a framework re-render), it offers no second chat', async () => {
    const launcher = mountLauncher()
    button(launcher).click()
    await swapped()
    launcher.remove()
    const again = mountLauncher()
    expect(again.shadowRoot!.childNodes.length).toBe(0)
    expect(document.querySelectorAll('switchboard-chat').length).toBe(1)
  })

  it('focus loads the chat without opening it, and keeps the focus on the launcher', async () => {
    const launcher = mountLauncher()
    button(launcher).focus()
    const chat = await swapped()
    expect(chat.open).toBeFalsy()
    expect(chat.shadowRoot!.activeElement).toBe($(chat, '[part=launcher]'))
  })

  it('restores the unread badge a previous page left, and a returning visitor gets the chat once the page is idle', async () => {
    saveChat(validToken, { sessionToken: 'sbs_stored', conversationId: 1, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), unread: 2 })
    const launcher = mountLauncher({ i18n: '{"unread":"{n} unread"}' })
    expect(launcher.shadowRoot!.querySelector('[part=badge]')!.textContent).toBe('2')
    expect(button(launcher).getAttribute('aria-label')).toBe('Open chat (2 unread)')
    const chat = await swapped()
    expect(chat.open).toBeFalsy()
    expect($(chat, '[part=badge]')!.textContent).toBe('2')
    // It resumes the stored session, so a reply arriving now is counted at once.
    expect(FakeEventSource.instances.length).toBeGreaterThan(0)
  })
})
