import { handleEndpoints, type Payload } from 'payload'

import { benchDatabaseName } from '../benchDatabase'

/**
 * A logged-in staff member calling the REST API through Payload's router in this process: the
 * endpoint's own time (auth, access, queries, JSON), without a network in between. `key` is the
 * Payload instance's cache key when it is not the bench database's.
 */
export const staffClient = async (payload: Payload, key = benchDatabaseName) => {
  const email = 'bench-staff@example.com'
  const password = 'bench-password-123'
  const existing = await payload.find({ collection: 'users', where: { email: { equals: email } }, limit: 1 })
  if (!existing.docs[0]) await payload.create({ collection: 'users', data: { email, password, roles: ['staff'] } })
  const request = (path: string, init: RequestInit = {}) =>
    handleEndpoints({
      config: payload.config,
      payloadInstanceCacheKey: key,
      request: new Request(`http://localhost/api${path}`, init),
    })
  const login = await request('/users/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const { token } = (await login.json()) as { token: string }
  return {
    /** GETs `path`, failing on anything but 200; returns the elapsed milliseconds. */
    timedGet: async (path: string): Promise<number> => {
      const started = performance.now()
      const response = await request(path, { headers: { authorization: `JWT ${token}` } })
      await response.arrayBuffer()
      const ms = performance.now() - started
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`)
      return ms
    },
  }
}

/** Runs every query `rounds` times (after one warm-up round) and returns all timings. */
export const timeAll = async (queries: string[], rounds: number, timedGet: (path: string) => Promise<number>) => {
  for (const query of queries) await timedGet(query)
  const timings: number[] = []
  for (let round = 0; round < rounds; round++) for (const query of queries) timings.push(await timedGet(query))
  return timings
}
