import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { messageSearchConfig } from '../schema/extendSchema'
import { tableName } from '../schema/tableName'
import { EndpointError, handleEndpointErrors } from './errors'

const maxLimit = 50
const start = '\u0001'
const stop = '\u0002'

export interface SnippetSegment {
  text: string
  match: boolean
}

/** `ts_headline` output with our delimiters → segments a client renders as text, marking matches. */
export const toSegments = (headline: string): SnippetSegment[] =>
  headline
    .split(start)
    .flatMap((part, index) => {
      if (index === 0) return [{ text: part, match: false }]
      const [match = '', rest = ''] = part.split(stop)
      return [
        { text: match, match: true },
        { text: rest, match: false },
      ]
    })
    .filter((segment) => segment.text !== '')

const encodeCursor = (sentAt: Date, id: number) => Buffer.from(`${sentAt.toISOString()}|${id}`).toString('base64url')
const decodeCursor = (cursor: string): { sentAt: string; id: number } => {
  const [sentAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  if (!sentAt || Number.isNaN(Date.parse(sentAt)) || !/^\d+$/.test(id ?? '')) throw new EndpointError(400, '"cursor" is not one this search returned.')
  return { sentAt, id: Number(id) }
}

const positiveIds = (value: null | string, name: string): number[] => {
  if (!value) return []
  const ids = value.split(',').map((part) => part.trim())
  if (ids.some((id) => !/^\d+$/.test(id))) throw new EndpointError(400, `"${name}" must be an id or comma-separated ids.`)
  return ids.map(Number)
}

const date = (value: null | string, name: string): string | undefined => {
  if (!value) return undefined
  if (Number.isNaN(Date.parse(value))) throw new EndpointError(400, `"${name}" must be a date, e.g. 2026-01-31.`)
  return new Date(value).toISOString()
}

const prefixWord = /(?:^|\s)([\p{L}\p{N}_]+)\*(?=\s|$)/gu

/**
 * The tsquery for a search box's text: web-search syntax ("phrases", -word, or), plus `word*`
 * for prefixes, which web-search syntax lacks. Prefix words are reduced to letters, digits and
 * `_` before they reach `to_tsquery`, so no input can inject tsquery operators. Everything is a
 * bound parameter.
 */
const searchQuery = (q: string, param: (value: unknown) => string): string => {
  const prefixes = [...q.matchAll(prefixWord)].map((m) => m[1]!.toLowerCase())
  const rest = q.replace(prefixWord, ' ').trim()
  const parts = [
    ...(rest ? [`websearch_to_tsquery($1::regconfig, ${param(rest)})`] : []),
    ...prefixes.map((word) => `to_tsquery($1::regconfig, ${param(`${word}:*`)})`),
  ]
  return parts.length ? `(${parts.join(' && ')})` : `websearch_to_tsquery($1::regconfig, '')`
}

/**
 * `GET /api/switchboard/search?q=&conversation=&label=&from=&to=&limit=&cursor=`, staff only:
 * full-text search over every message, newest first, with no time cap. `q` uses web-search
 * syntax ("phrases", -exclusion, or) and `word*` prefixes. The query runs on the stored `search_vector` and its GIN
 * index with the same `simple` configuration it was built with; pages continue with `cursor`
 * (keyset on sent time and id), and snippets come back as segments, never as HTML.
 */
export const searchEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/switchboard/search',
  method: 'get',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
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
      const cursor = cursorParam ? decodeCursor(cursorParam) : undefined

      const messages = tableName(options.slugs.messages)
      const conversations = tableName(options.slugs.conversations)
      const values: unknown[] = [messageSearchConfig]
      const param = (value: unknown) => `$${values.push(value)}`
      const tsquery = searchQuery(q, param)
      const where = [`m.search_vector @@ query`, `m.deleted_at is null`]
      if (conversationIds.length) where.push(`m.conversation_id = any(${param(conversationIds)}::int[])`)
      if (labelIds.length) {
        where.push(
          `m.conversation_id in (select parent_id from ${conversations}_rels where path = 'labels' and labels_id = any(${param(labelIds)}::int[]))`,
        )
      }
      if (from) where.push(`m.sent_at >= ${param(from)}`)
      if (to) where.push(`m.sent_at < ${param(to)}`)
      if (cursor) where.push(`(m.sent_at, m.id) < (${param(cursor.sentAt)}::timestamptz, ${param(cursor.id)})`)

      const sql = `
        with q as (select ${tsquery} as query),
        hits as (
          select m.id, m.conversation_id, m.sent_at, m.sender_name, m.direction, m.text, query
          from ${messages} m, q
          where ${where.join(' and ')}
          order by m.sent_at desc, m.id desc
          limit ${param(limit + 1)}
        )
        select h.id, h.conversation_id, h.sent_at, h.sender_name, h.direction, c.title as conversation_title,
          ts_headline($1::regconfig, coalesce(h.text, ''), h.query,
            'StartSel=${start}, StopSel=${stop}, MaxWords=18, MinWords=6, MaxFragments=2, FragmentDelimiter=" … "') as headline
        from hits h join ${conversations} c on c.id = h.conversation_id
        order by h.sent_at desc, h.id desc`

      const checkValues: unknown[] = [messageSearchConfig]
      const empty = await req.payload.db.pool.query<{ empty: boolean }>(
        `select numnode(${searchQuery(q, (value) => `$${checkValues.push(value)}`)}) = 0 as empty`,
        checkValues,
      )
      if (empty.rows[0]?.empty) throw new EndpointError(400, 'Search for at least one word or number.')

      const { rows } = await req.payload.db.pool.query<{
        id: number
        conversation_id: number
        sent_at: Date
        sender_name: null | string
        direction: string
        conversation_title: null | string
        headline: string
      }>(sql, values)
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return Response.json({
        results: page.map((row) => ({
          messageId: row.id,
          conversationId: row.conversation_id,
          conversationTitle: row.conversation_title,
          sentAt: row.sent_at.toISOString(),
          senderName: row.sender_name,
          direction: row.direction,
          snippet: toSegments(row.headline),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.sent_at, last.id) : null,
      })
    }),
})
