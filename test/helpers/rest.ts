import type { Payload } from 'payload'

import type { TestApp } from './payload'

export type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

export interface RestResult {
  status: number
  body: Json
}

/** A REST client bound to one test app and, optionally, one logged-in user. */
export const restClient = (app: TestApp, token?: string) => {
  const call = async (method: string, path: string, body?: unknown): Promise<RestResult> => {
    const response = await app.rest(path, { method, token, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await response.text()
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} }
  }
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
  }
}

export const password = 'correct-horse-battery'

/** Creates a user with the given roles (trusted Local API) and logs them in over REST. */
export const createUserAndLogin = async (app: TestApp, email: string, roles: string[]) => {
  const user = await (app.payload as Payload).create({ collection: 'users', data: { email, password, roles } })
  const login = await restClient(app).post('/users/login', { email, password })
  if (login.status !== 200) throw new Error(`login failed for ${email}: ${JSON.stringify(login.body)}`)
  return { user, token: login.body.token as string, rest: restClient(app, login.body.token as string) }
}
