import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { assertStaff, requireStaff } from '../access/requireStaff'
import { searchPath, uncheckedSearchUser } from '../access/searchAuthStrategy'
import { headlineStart, headlineStop, indexedMatches, type SearchCaller, searchFirstStep } from '../db/search'
import { poolSql } from '../db/sqlExecutor'
import { parseSearchQuery } from '../search/searchQuery'
import { maxId } from '../validation/ids'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'

const maxLimit = 50

export interface SnippetSegment {
  text: string
  match: boolean
}

/** `ts_headline` output with our delimiters → segments a client renders as text, marking matches. */
export const toSegments = (headline: string): SnippetSegment[] =>
  headline
    .split(headlineStart)
    .flatMap((part, index) => {
      if (index === 0) return [{ text: part, match: false }]
      const [match = '', rest = ''] = part.split(headlineStop)
      return [
        { text: match, match: true },
        { text: rest, match: false },
      ]
    })
    .filter((segment) => segment.text !== '')

const encodeCursor = (sentAt: string, id: number) => Buffer.from(`${sentAt}|${id}`).toString('base64url')
const decodeCursor = (cursor: string): { sentAt: string; id: number } => {
  const [sentAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  if (!sentAt || Number.isNaN(Date.parse(sentAt)) || !/^\d{1,10}$/.test(id ?? '') || Number(id) > maxId) {
    throw new EndpointError(400, '"cursor" is not one this search returned.')
  }
  return { sentAt, id: Number(id) }
}

const positiveIds = (value: null | string, name: string): number[] =>
  value ? value.split(',').map((part) => parseId(part.trim(), `Each id in "${name}"`)) : []

const date = (value: null | string, name: string): string | undefined => {
  if (!value) return undefined
  if (Number.isNaN(Date.parse(value))) throw new EndpointError(400, `"${name}" must be a date, e.g. 2026-01-31.`)
  return new Date(value).toISOString()
}

/**
 * `GET /api/switchboard/search?q=&conversation=&label=&from=&to=&limit=&cursor=`, staff only:
 * full-text search over every message, newest first, with no time cap. `q` uses web-search
 * syntax ("phrases", -exclusion, or) and `word*` prefixes. The query runs on the stored `search_vector` and its GIN
 * index with the same `simple` configuration it was built with; pages continue with `cursor`
 * (keyset on sent time and id), and snippets come back as segments, never as HTML.
 */
export const searchEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: searchPath,
  method: 'get',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      // A token the search's own strategy verified is checked against the database in the gate
      // below; a user Payload loaded (another strategy, an API key) is checked here.
      const unchecked = uncheckedSearchUser(req)
      if (!unchecked) requireStaff(req)
      const params = req.searchParams
      const q = (params.get('q') ?? '').trim()
      if (!q) throw new EndpointError(400, 'Type something to search for.')
      if (q.length > 200) throw new EndpointError(400, 'Search for at most 200 characters.')
      const requested = Number(params.get('limit') ?? 20)
      const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, maxLimit) : 20
      const conversationIds = positiveIds(params.get('conversation'), 'conversation')
      const labelIds = positiveIds(params.get('label'), 'label')
      const from = date(params.get('from'), 'from')
      const to = date(params.get('to'), 'to')
      const cursorParam = params.get('cursor')
      const before = cursorParam ? decodeCursor(cursorParam) : undefined

      const db = poolSql(req.payload)
      const usersAuth = req.payload.collections[options.usersCollection]?.config.auth
      const caller: SearchCaller = unchecked
        ? {
            checked: false,
            subject: unchecked,
            sessions: Boolean(usersAuth?.useSessions),
            verified: Boolean(usersAuth?.verify),
          }
        : { checked: true }
      // One more than a page, to know whether there is a next one.
      const count = limit + 1
      const filters = { conversationIds: conversationIds.length ? conversationIds : undefined, from, to, before }
      const { gate, recent } = await searchFirstStep(db, options, { caller, query: parseSearchQuery(q), labelIds, filters, count })
      assertStaff(gate)
      if (gate.empty) throw new EndpointError(400, 'Search for at least one word or number.')

      // Labels narrow to their conversations first: an id list lets Postgres combine the
      // conversation index with the GIN index instead of checking every match's labels.
      let scope = filters.conversationIds
      if (labelIds.length) {
        scope = scope ? scope.filter((id) => gate.labelled.includes(id)) : gate.labelled
        if (scope.length === 0) return Response.json({ results: [], nextCursor: null })
      }
      const rows = recent.length === count ? recent : await indexedMatches(db, options, gate.tsquery, { ...filters, conversationIds: scope }, count)
      const page = rows.slice(0, limit).map((row) => ({
        messageId: row.id,
        conversationId: row.conversation_id,
        conversationTitle: row.conversation_title,
        sentAt: new Date(row.sent_at).toISOString(),
        senderName: row.sender_name,
        direction: row.direction,
        snippet: toSegments(row.headline),
      }))
      const last = page.at(-1)
      return Response.json({
        results: page,
        nextCursor: rows.length > limit && last ? encodeCursor(last.sentAt, last.messageId) : null,
      })
    }),
})
