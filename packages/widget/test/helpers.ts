import { vi } from 'vitest'

import type { SwitchboardChat } from '../src/switchboard-chat'

import '../src/index'
import { FakeChatServer, FakeEventSource, validToken } from './fakeServer'

export { FakeChatServer, FakeEventSource, validToken }

/** A fresh fake server behind `fetch` and `EventSource`, empty storage and page. */
export const setup = (): FakeChatServer => {
  const server = new FakeChatServer()
  FakeEventSource.instances = []
  vi.stubGlobal('fetch', server.fetch)
  vi.stubGlobal('EventSource', FakeEventSource)
  localStorage.clear()
  history.replaceState(null, '', '/')
  document.body.replaceChildren()
  return server
}

export const teardown = (): void => {
  document.body.replaceChildren()
  vi.unstubAllGlobals()
  setOnline(true)
}

export const setOnline = (online: boolean): void => {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
  if (online) window.dispatchEvent(new Event('online'))
}

export const mount = async (attributes: Record<string, string> = {}, server?: FakeChatServer): Promise<SwitchboardChat> => {
  const chat = document.createElement('switchboard-chat')
  if (server) chat.setAttribute('server', server.base)
  chat.setAttribute('token', validToken)
  for (const [name, value] of Object.entries(attributes)) chat.setAttribute(name, value)
  document.body.append(chat)
  await chat.updateComplete
  return chat
}

export const $ = <T extends Element = HTMLElement>(chat: SwitchboardChat, selector: string): T | null =>
  chat.shadowRoot!.querySelector<T>(selector)
export const $$ = <T extends Element = HTMLElement>(chat: SwitchboardChat, selector: string): T[] => [
  ...chat.shadowRoot!.querySelectorAll<T>(selector),
]

/** Opens the panel with the launcher and waits until the stream is connected. */
export const openChat = async (chat: SwitchboardChat): Promise<FakeEventSource> => {
  $(chat, '[part=launcher]')!.click()
  await chat.updateComplete
  await vi.waitFor(() => {
    if (!FakeEventSource.latest || FakeEventSource.latest.readyState === FakeEventSource.CLOSED) throw new Error('no stream yet')
  })
  const source = FakeEventSource.latest!
  source.open()
  await settle(chat)
  return source
}

/** Lets pending fetches and renders finish. */
export const settle = async (chat: SwitchboardChat): Promise<void> => {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0))
    await chat.updateComplete
  }
}

/** Types into the composer and presses Enter. */
export const type = async (chat: SwitchboardChat, text: string, submit: 'enter' | 'button' = 'enter'): Promise<void> => {
  const input = $<HTMLTextAreaElement>(chat, 'textarea')!
  input.value = text
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
  if (submit === 'enter') input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }))
  else $(chat, '[part=send-button]')!.click()
  await chat.updateComplete
}

/** Texts of the confirmed messages in the log, in order. */
export const logTexts = (chat: SwitchboardChat): string[] => $$(chat, '[role=log] [part=message-text]').map((p) => p.textContent ?? '')

/** The not-yet-confirmed messages with their state part (`message-sending`, `-queued`, `-failed`). */
export const pendingStates = (chat: SwitchboardChat): string[] =>
  $$(chat, '[part~=message-sending], [part~=message-queued], [part~=message-failed]').map(
    (el) => `${el.querySelector('[part=message-text]')!.textContent}: ${el.getAttribute('part')!.split(' ').at(-1)!.replace('message-', '')}`,
  )
