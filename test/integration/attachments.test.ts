import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { closePayload } from '../../dev/host/closePayload'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json } from '../helpers/rest'

let app: TestApp
let staticDir: string
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let customer: Awaited<ReturnType<typeof createUserAndLogin>>
let ipCounter = 1
let graphqlUsed = false

// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\nxref\n0 1\ntrailer << >>\nstartxref\n9\n%%EOF\n')

beforeAll(async () => {
  staticDir = await mkdtemp(path.join(os.tmpdir(), 'sb-attachments-'))
  app = await createTestApp({ switchboard: { attachments: { maxBytes: 4096, staticDir, uploadsPerMinutePerSession: 5 } } })
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  customer = await createUserAndLogin(app, 'customer@example.com', ['customer'])
})
afterAll(async () => {
  if (graphqlUsed) await closePayload(await getPayload({ config: app.config }))
  await app?.close()
  await rm(staticDir, { recursive: true, force: true })
})

const openSession = async (): Promise<{ sessionToken: string; conversationId: number }> => {
  const token = await staff.rest.post('/chat-tokens', { kind: 'personal' })
  expect(token.status).toBe(201)
  const response = await app.rest('/chat/sessions', {
    method: 'POST',
    body: JSON.stringify({ token: token.body.doc.token }),
    headers: { 'x-forwarded-for': `10.1.0.${ipCounter++}` },
  })
  expect(response.status).toBe(201)
  return (await response.json()) as { sessionToken: string; conversationId: number }
}

/** A multipart upload as a browser sends it. */
const upload = async (bearer: string, fields: Record<string, Blob | string>, fileName = 'photo.png') => {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, value, fileName)
  }
  const encoded = new Request('http://x/', { method: 'POST', body: form })
  const response = await app.rest('/chat/attachments', {
    method: 'POST',
    body: await encoded.arrayBuffer(),
    headers: { 'content-type': encoded.headers.get('content-type')!, authorization: `Bearer ${bearer}` },
  })
  return { status: response.status, body: (await response.json()) as Json }
}

const download = (id: number | string, headers: Record<string, string>) => app.rest(`/chat/attachments/${id}`, { method: 'GET', headers })

const storedCounts = async () => ({
  attachments: (await app.payload.count({ collection: 'chat-attachments' })).totalDocs,
  messages: (await app.payload.count({ collection: 'messages' })).totalDocs,
  files: (await readdir(staticDir)).length,
})

describe('chat attachments', () => {
  it('stores a customer’s file and sends it as a message of their conversation', async () => {
    const session = await openSession()
    const sent = await upload(session.sessionToken, { file: new Blob([png], { type: 'image/png' }), text: 'My receipt', clientMessageId: 'att-0000001' })
    expect(sent.status).toBe(201)
    expect(sent.body.message).toMatchObject({
      text: 'My receipt',
      direction: 'in',
      attachment: { fileName: 'photo.png', mimeType: 'image/png', size: png.byteLength },
    })
    const message = await app.payload.findByID({ collection: 'messages', id: sent.body.message.id, depth: 0 })
    expect(message).toMatchObject({ conversation: session.conversationId, kind: 'media', mediaType: 'photo' })
    const attachment = await app.payload.findByID({ collection: 'chat-attachments', id: sent.body.message.attachment.id, depth: 0 })
    expect(attachment).toMatchObject({ conversation: session.conversationId, mimeType: 'image/png' })

    // A retry with the same clientMessageId returns the first message and stores nothing.
    const before = await storedCounts()
    const again = await upload(session.sessionToken, { file: new Blob([png], { type: 'image/png' }), clientMessageId: 'att-0000001' })
    expect(again.status).toBe(200)
    expect(again.body.message.id).toBe(sent.body.message.id)
    expect(await storedCounts()).toEqual(before)

    // The widget's message list carries it.
    const list = await app.rest('/chat/messages', { method: 'GET', headers: { authorization: `Bearer ${session.sessionToken}` } })
    const listed = ((await list.json()) as Json).messages as Json[]
    expect(listed.find((m) => m.id === sent.body.message.id)?.attachment?.id).toBe(attachment.id)

    // The session reads it back: an image inline, never sniffed.
    const file = await download(attachment.id, { authorization: `Bearer ${session.sessionToken}` })
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/png')
    expect(file.headers.get('x-content-type-options')).toBe('nosniff')
    expect(file.headers.get('content-disposition')).toMatch(/^inline;/)
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true)
  })

  it('serves a PDF as a download', async () => {
    const session = await openSession()
    const sent = await upload(session.sessionToken, { file: new Blob([pdf], { type: 'application/pdf' }) }, 'invoice.pdf')
    expect(sent.status).toBe(201)
    expect(sent.body.message.text).toBe('')
    const file = await download(sent.body.message.attachment.id, { authorization: `Bearer ${session.sessionToken}` })
    expect(file.status).toBe(200)
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;.*invoice\.pdf/)
    expect(file.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('refuses a file over the size limit with a 413 and stores nothing', async () => {
    const session = await openSession()
    const before = await storedCounts()
    const big = Buffer.concat([png, Buffer.alloc(5000)])
    const sent = await upload(session.sessionToken, { file: new Blob([big], { type: 'image/png' }) })
    expect(sent.status).toBe(413)
    expect(sent.body.errors[0].message).toMatch(/larger than 4 KB/)
    // A body far beyond the limit is refused without reading it all.
    const huge = await upload(session.sessionToken, { file: new Blob([Buffer.alloc(200_000)], { type: 'image/png' }) })
    expect(huge.status).toBe(413)
    expect(await storedCounts()).toEqual(before)
  })

  it('refuses other types, and files only claiming an allowed type, with a 415 and stores nothing', async () => {
    const session = await openSession()
    const before = await storedCounts()
    const html = await upload(session.sessionToken, { file: new Blob(['<script>alert(1)</script>'], { type: 'text/html' }) }, 'x.html')
    expect(html.status).toBe(415)
    expect(html.body.errors[0].message).toMatch(/PNG, JPEG, GIF, WebP or PDF/)
    const fake = await upload(session.sessionToken, { file: new Blob(['<svg onload=alert(1)>'], { type: 'image/png' }) }, 'x.png')
    expect(fake.status).toBe(415)
    // A PDF header on something that is no PDF: Payload's own check refuses it, still a 415.
    const broken = await upload(session.sessionToken, { file: new Blob(['%PDF-1.4 nothing else'], { type: 'application/pdf' }) }, 'x.pdf')
    expect(broken.status).toBe(415)
    expect(await storedCounts()).toEqual(before)
  })

  it('limits uploads per session and minute with a 429 and Retry-After', async () => {
    const session = await openSession()
    for (let i = 0; i < 5; i++) expect((await upload(session.sessionToken, { file: new Blob([png], { type: 'image/png' }) })).status).toBe(201)
    const form = new FormData()
    form.append('file', new Blob([png], { type: 'image/png' }), 'x.png')
    const encoded = new Request('http://x/', { method: 'POST', body: form })
    const limited = await app.rest('/chat/attachments', {
      method: 'POST',
      body: await encoded.arrayBuffer(),
      headers: { 'content-type': encoded.headers.get('content-type')!, authorization: `Bearer ${session.sessionToken}` },
    })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await limited.json()) as Json).errors[0].message).toMatch(/Too many files/)
    // Another session is not affected.
    expect((await upload((await openSession()).sessionToken, { file: new Blob([png], { type: 'image/png' }) })).status).toBe(201)
  })

  it('refuses uploads without a valid session, or without a file', async () => {
    expect((await upload('sbs_nope', { file: new Blob([png], { type: 'image/png' }) })).status).toBe(401)
    const session = await openSession()
    expect((await upload(session.sessionToken, { text: 'no file' })).status).toBe(400)
  })

  it('keeps a file from other sessions, anonymous callers and customers; staff read it', async () => {
    const owner = await openSession()
    const other = await openSession()
    const sent = await upload(owner.sessionToken, { file: new Blob([png], { type: 'image/png' }) })
    const id = sent.body.message.attachment.id as number

    expect((await download(id, { authorization: `Bearer ${other.sessionToken}` })).status).toBe(404)
    expect((await download(id, {})).status).toBe(401)
    expect((await download(id, { authorization: `JWT ${customer.token}` })).status).toBe(401)

    const staffFile = await download(id, { authorization: `JWT ${staff.token}` })
    expect(staffFile.status).toBe(200)
    expect(Buffer.from(await staffFile.arrayBuffer()).equals(png)).toBe(true)
    expect((await staff.rest.get(`/chat-attachments/${id}`)).status).toBe(200)

    // Customers list nothing over REST or GraphQL, and cannot fetch the stored file directly.
    expect((await customer.rest.get('/chat-attachments')).status).toBe(403)
    expect((await customer.rest.get(`/chat-attachments/${id}`)).status).toBe(403)
    const filename = (await app.payload.findByID({ collection: 'chat-attachments', id, depth: 0 })).filename as string
    expect((await app.rest(`/chat-attachments/file/${filename}`, { method: 'GET', token: customer.token })).status).toBe(403)
    expect((await app.rest(`/chat-attachments/file/${filename}`, { method: 'GET' })).status).toBe(403)
    graphqlUsed = true
    const graphql = await GRAPHQL_POST(app.config)(
      new Request('http://localhost:3000/api/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `JWT ${customer.token}` },
        body: JSON.stringify({ query: '{ ChatAttachments { docs { id filename } } }' }),
      }),
    )
    const body = (await graphql.json()) as Json
    expect(body.data?.ChatAttachments?.docs ?? []).toEqual([])
    expect(JSON.stringify(body.errors ?? [])).toMatch(/not allowed/i)
  })

  it('hides the file of a deleted message or an internal note from the customer', async () => {
    const session = await openSession()
    const sent = await upload(session.sessionToken, { file: new Blob([png], { type: 'image/png' }) })
    await app.payload.update({ collection: 'messages', id: sent.body.message.id, data: { deletedAt: new Date().toISOString() } })
    expect((await download(sent.body.message.attachment.id, { authorization: `Bearer ${session.sessionToken}` })).status).toBe(404)

    const staffFile = await app.payload.create({
      collection: 'chat-attachments',
      data: { conversation: session.conversationId },
      file: { data: pdf, mimetype: 'application/pdf', name: 'internal.pdf', size: pdf.byteLength },
    })
    const note = await staff.rest.post('/messages', { conversation: session.conversationId, kind: 'note', text: 'for the team', attachment: staffFile.id })
    expect(note.status).toBe(201)
    expect(note.body.doc).toMatchObject({ kind: 'note', mediaFileName: 'internal.pdf' })
    expect((await download(staffFile.id, { authorization: `Bearer ${session.sessionToken}` })).status).toBe(404)
  })

  it('takes staff uploads over REST (multipart, as the inbox sends them) within the same limits; customers cannot upload', async () => {
    const session = await openSession()
    const restUpload = async (token: string, file: Blob, name: string) => {
      const form = new FormData()
      form.append('file', file, name)
      form.append('_payload', JSON.stringify({ conversation: session.conversationId }))
      const encoded = new Request('http://x/', { method: 'POST', body: form })
      const response = await app.rest('/chat-attachments?depth=0', {
        method: 'POST',
        token,
        body: await encoded.arrayBuffer(),
        headers: { 'content-type': encoded.headers.get('content-type')! },
      })
      return { status: response.status, body: (await response.json()) as Json }
    }
    // Bigger than the JSON body limit (64 KB) is fine up to attachments.maxBytes; this app's cap is 4 KB.
    const ok = await restUpload(staff.token, new Blob([pdf], { type: 'application/pdf' }), 'terms.pdf')
    expect(ok.status).toBe(201)
    expect(ok.body.doc).toMatchObject({ conversation: session.conversationId, mimeType: 'application/pdf' })
    expect((await restUpload(staff.token, new Blob([Buffer.concat([png, Buffer.alloc(5000)])], { type: 'image/png' }), 'big.png')).status).toBe(413)
    expect((await restUpload(staff.token, new Blob(['<html></html>'], { type: 'text/html' }), 'x.html')).status).toBe(400)
    expect((await restUpload(customer.token, new Blob([png], { type: 'image/png' }), 'x.png')).status).toBe(403)
  })

  it('lets staff attach a file of the conversation to a reply, and no other conversation’s', async () => {
    const session = await openSession()
    const otherSession = await openSession()
    const file = await app.payload.create({
      collection: 'chat-attachments',
      data: { conversation: session.conversationId },
      file: { data: png, mimetype: 'image/png', name: 'answer.png', size: png.byteLength },
    })
    const wrong = await staff.rest.post('/messages', { conversation: otherSession.conversationId, text: 'x', attachment: file.id })
    expect(wrong.status).toBe(400)
    const reply = await staff.rest.post('/messages', { conversation: session.conversationId, text: 'Here it is', attachment: file.id })
    expect(reply.status).toBe(201)
    expect(reply.body.doc).toMatchObject({ kind: 'media', mediaType: 'photo', mediaMimeType: 'image/png', mediaFileName: 'answer.png' })
    const fetched = await download(file.id, { authorization: `Bearer ${session.sessionToken}` })
    expect(fetched.status).toBe(200)
  })

  it('deletes a conversation’s attachments and their files with the conversation', async () => {
    const session = await openSession()
    const sent = await upload(session.sessionToken, { file: new Blob([png], { type: 'image/png' }) })
    const id = sent.body.message.attachment.id as number
    const { filename } = await app.payload.findByID({ collection: 'chat-attachments', id, depth: 0 })
    expect(await readdir(staticDir)).toContain(filename)
    expect((await staff.rest.delete(`/conversations/${session.conversationId}`)).status).toBe(200)
    expect((await app.payload.find({ collection: 'chat-attachments', where: { id: { equals: id } } })).totalDocs).toBe(0)
    expect(await readdir(staticDir)).not.toContain(filename)
  })
})
