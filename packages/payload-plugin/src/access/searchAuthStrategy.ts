import type { AuthStrategy, PayloadRequest } from 'payload'

import { formatAdminURL, stripTrailingSlash } from 'payload/shared'

import { type JwtSubject, verifiedJwtSubject } from '../security/payloadJwt'

export const searchStrategyName = 'switchboard-search-jwt'

/** Path of the search endpoint under the API route (see endpoints/search.ts). */
export const searchPath = '/switchboard/search'

/**
 * A signed-in caller of the search whose user has not been loaded: only a verified token's
 * subject, no roles (anything else that read it would see no rights). The search checks the user,
 * its roles and its session in its first SQL statement (db/search.ts).
 */
export interface UncheckedSearchUser extends JwtSubject {
  id: number
  _strategy: typeof searchStrategyName
  roles: []
}

export const uncheckedSearchUser = (req: PayloadRequest): UncheckedSearchUser | undefined => {
  const user = req.user as unknown as Partial<UncheckedSearchUser> | null
  return user?._strategy === searchStrategyName ? (user as UncheckedSearchUser) : undefined
}

/**
 * Payload runs every auth strategy before any endpoint, and its JWT strategy loads the whole user
 * (roles, sessions, hooks) — a third of a search's time. For `GET /api/switchboard/search` only,
 * this strategy (placed before Payload's) verifies the token without that load and leaves the user
 * check to the search's own SQL. Other paths, API keys and invalid tokens go on to Payload's
 * strategies as before.
 */
export const searchAuthStrategy = (usersSlug: string): AuthStrategy => ({
  name: searchStrategyName,
  authenticate: ({ headers, payload, req }) => {
    const searchRoute = formatAdminURL({ apiRoute: payload.config.routes.api, path: searchPath })
    if (!req || req.method !== 'GET' || stripTrailingSlash(req.pathname) !== stripTrailingSlash(searchRoute)) return { user: null }
    const subject = verifiedJwtSubject(headers, payload)
    // Numeric ids only: the gate's SQL compares with an integer column (a uuid users table is loaded by Payload).
    if (!subject || subject.collection !== usersSlug || typeof subject.id !== 'number') return { user: null }
    const user: UncheckedSearchUser = { ...subject, id: subject.id, _strategy: searchStrategyName, roles: [] }
    return { user: user as never }
  },
})
