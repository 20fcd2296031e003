import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { FakeChatServer } from './helpers'
import type { SwitchboardChat } from '../src/switchboard-chat'

import { $, $$, mount, openChat, settle, setup, teardown } from './helpers'

let server: FakeChatServer
beforeEach(() => {
  server = setup()
})
afterEach(teardown)

/** Chooses a file in the attach button's file input, as the browser's file picker would. */
const chooseFile = async (chat: SwitchboardChat, file: File) => {
  const input = $<HTMLInputElement>(chat, 'input[type=file]')!
  Object.defineProperty(input, 'files', { configurable: true, value: [file] })
  input.dispatchEvent(new Event('change', { bubbles: true }))
  await settle(chat)
  await settle(chat)
}

const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'receipt.png', { type: 'image/png' })

describe('attachments', () => {
  it('has a labelled attach button that opens the file picker for images and PDFs', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    const button = $<HTMLButtonElement>(chat, '[part=attach-button]')!
    expect(button.tagName).toBe('BUTTON')
    expect(button.getAttribute('aria-label')).toBe('Attach a file')
    const input = $<HTMLInputElement>(chat, 'input[type=file]')!
    expect(input.getAttribute('accept')).toBe('image/*,application/pdf')
    const click = vi.spyOn(input, 'click')
    button.click()
    expect(click).toHaveBeenCalledOnce()
  })

  it('sends a chosen image with the session and shows it inline, fetched with the session', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    await chooseFile(chat, png())
    const [upload] = server.sent('/api/chat/attachments')
    expect(upload!.authorization).toMatch(/^Bearer sbs_/)
    const image = $<HTMLImageElement>(chat, '[role=log] img[part=attachment]')!
    expect(image.getAttribute('alt')).toBe('receipt.png')
    await vi.waitFor(() => expect(image.getAttribute('src')).toMatch(/^blob:/))
    const [download] = server.sent('/api/chat/attachments/1', 'GET')
    expect(download!.authorization).toBe(upload!.authorization)
    expect($<HTMLInputElement>(chat, 'input[type=file]')!.value).toBe('')
  })

  it('shows a file from staff as a download link', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    const conversationId = server.conversationOf([...server.sessions.keys()].at(-1))!
    const file = new File(['%PDF-1.4'], 'invoice.pdf', { type: 'application/pdf' })
    server.attachments.set(1, { file, conversationId })
    server.addMessage(conversationId, { text: 'Your invoice', attachment: { id: 1, fileName: 'invoice.pdf', mimeType: 'application/pdf', size: file.size } })
    await settle(chat)
    const link = $<HTMLAnchorElement>(chat, '[role=log] a[part=attachment]')!
    expect(link.textContent).toBe('invoice.pdf')
    expect(link.getAttribute('download')).toBe('invoice.pdf')
    await vi.waitFor(() => expect(link.getAttribute('href')).toMatch(/^blob:/))
    expect($$(chat, '[role=log] [part=message-text]').at(-1)!.textContent).toContain('Your invoice')
  })

  it('shows why a file was refused in the error area and adds nothing to the log', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    await chooseFile(chat, new File(['<html>'], 'page.html', { type: 'text/html' }))
    expect($(chat, '[role=alert]')!.textContent).toBe('This type of file cannot be attached. Attach PNG, JPEG, GIF, WebP or PDF.')
    server.failNext({ path: '/api/chat/attachments', status: 413, message: 'The file is larger than 10 MB, the most an attachment can be.' })
    await chooseFile(chat, png())
    expect($(chat, '[role=alert]')!.textContent).toBe('The file is larger than 10 MB, the most an attachment can be.')
    expect($$(chat, '[role=log] [part~=message]')).toHaveLength(0)
  })
})
