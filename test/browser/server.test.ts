import type { Payload } from 'payload'

import { expect, test } from 'vitest'

import { demoCredentials } from '../../dev/host/seed'
import { useAdminHarness } from './harness'

/**
 * The production server as `npm start` runs it (Next.js behind scripts/nextServer.ts): rate
 * limits count a client by its connection, so a made-up X-Forwarded-For does not escape them.
 */
let embedKey = ''
const harness = useAdminHarness({
  afterSeed: async (payload: Payload) => {
    const staff = (await payload.find({ collection: 'users', where: { email: { equals: demoCredentials.staff.email } } })).docs[0]!
    const token = await payload.create({ collection: 'chat-tokens', data: { kind: 'public', note: 'Server test' }, user: staff })
    embedKey = (token as { token?: string }).token!
  },
})

test('a client sending a new X-Forwarded-For each time is still held to the per-address limit (10 chats a minute)', async () => {
  const statuses: number[] = []
  for (let i = 0; i < 12; i++) {
    const response = await fetch(`${harness.baseUrl}/api/chat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}, 198.51.100.${i}` },
      body: JSON.stringify({ token: embedKey }),
    })
    statuses.push(response.status)
  }
  expect(statuses).toEqual([...Array(10).fill(201), 429, 429])
})
