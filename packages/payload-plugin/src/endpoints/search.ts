import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { messageSearchConfig } from '../db/extendSchema'
import { tableName } from '../db/tableName'
import { maxId } from '../validation/ids'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'

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

/** How many of the newest messages are checked first: enough to fill a page for any common word. */
const recentWindow = 10_000
/** Up to this many matches, collecting them all through the GIN index and sorting is fast. */
const rareMatchCap = 2_000

type Pool = { connect: () => Promise<{ query: <R>(sql: string, values?: unknown[]) => Promise<{ rows: R[] }>; release: () => void }> }

/**
 * The newest `count` matches, by whichever plan suits the words. Postgres cannot estimate how
 * often a word occurs, and neither plan is good for both kinds: walking the `sent_at` index
 * backwards finds a common word at once but reads every message for a rare one; collecting
 * matches from the GIN index is instant for a rare word but sorts thousands for a common one. So:
 * 1. check the newest 10,000 messages — a full page of matches there is the answer (common
 *    words, also within a label's conversations);
 * 2. else collect all matches through the GIN index, up to a cap, and sort them (rare words);
 * 3. else (in between) walk time backwards, knowing matches are not far apart.
 */
const newestMatches = async (
  pool: Pool,
  { table, textMatch, filters }: { table: string; textMatch: string; filters: string },
  values: unknown[],
  count: number,
): Promise<number[]> => {
  const client = await pool.connect()
  const ids = (rows: Array<{ id: number }>) => rows.map((row) => row.id)
  try {
    const recent = await client.query<{ id: number }>(
      `select m.id from (select id, conversation_id, sent_at, search_vector from ${table} m where ${filters}
         order by m.sent_at desc, m.id desc limit ${recentWindow}) m
       where ${textMatch} order by m.sent_at desc, m.id desc limit ${count}`,
      values,
    )
    if (recent.rows.length === count) return ids(recent.rows)

    // No ORDER BY, so nothing tempts the planner into the time index: it reads the GIN index
    // (or, for a word it knows is common, scans until the cap).
    const collected = await client.query<{ id: number; sent_at: Date }>(
      `select m.id, m.sent_at from ${table} m where ${textMatch} and ${filters} limit ${rareMatchCap + 1}`,
      values,
    )
    if (collected.rows.length <= rareMatchCap) {
      return ids(collected.rows.sort((a, b) => b.sent_at.getTime() - a.sent_at.getTime() || b.id - a.id).slice(0, count))
    }
    const newest = await client.query<{ id: number }>(
      `select m.id from ${table} m where ${textMatch} and ${filters} order by m.sent_at desc, m.id desc limit ${count}`,
      values,
    )
    return ids(newest.rows)
  } finally {
    client.release()
  }
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
      const pool = req.payload.db.pool

      /** A statement's parameters, starting with the text search configuration ($1). */
      const statement = () => {
        const values: unknown[] = [messageSearchConfig]
        const param = (value: unknown) => `$${values.push(value)}`
        return { values, param, tsquery: searchQuery(q, param) }
      }

      const check = statement()
      const empty = await pool.query<{ empty: boolean }>(`select numnode(${check.tsquery}) = 0 as empty`, check.values)
      if (empty.rows[0]?.empty) throw new EndpointError(400, 'Search for at least one word or number.')

      // The messages that match, newest first: the ids of this page (and one more, to know if there is a next).
      const matching = statement()
      const textMatch = `m.search_vector @@ ${matching.tsquery}`
      const where = [`m.deleted_at is null`]
      // Labels narrow to their conversations first: an id list lets Postgres combine the
      // conversation index with the GIN index instead of checking every match's labels.
      // (`textMatch` carries the scope: step 1 of newestMatches applies it after its window.)
      let scope = conversationIds
      if (labelIds.length) {
        const labelled = await pool.query<{ id: number }>(
          `select distinct parent_id as id from ${conversations}_rels where path = 'labels' and labels_id = any($1::int[])`,
          [labelIds],
        )
        const inLabels = labelled.rows.map((row) => row.id)
        scope = conversationIds.length ? conversationIds.filter((id) => inLabels.includes(id)) : inLabels
        if (scope.length === 0) return Response.json({ results: [], nextCursor: null })
      }
      const scopeMatch = scope.length ? `m.conversation_id = any(${matching.param(scope)}::int[])` : 'true'
      if (from) where.push(`m.sent_at >= ${matching.param(from)}`)
      if (to) where.push(`m.sent_at < ${matching.param(to)}`)
      if (cursor) where.push(`(m.sent_at, m.id) < (${matching.param(cursor.sentAt)}::timestamptz, ${matching.param(cursor.id)})`)
      const pageIds = await newestMatches(
        pool,
        { table: messages, textMatch: `${textMatch} and ${scopeMatch}`, filters: where.join(' and ') },
        matching.values,
        limit + 1,
      )

      const details = statement()
      const { rows } = await pool.query<{
        id: number
        conversation_id: number
        sent_at: Date
        sender_name: null | string
        direction: string
        conversation_title: null | string
        headline: string
      }>(
        `select m.id, m.conversation_id, m.sent_at, m.sender_name, m.direction, c.title as conversation_title,
           ts_headline($1::regconfig, coalesce(m.text, ''), ${details.tsquery},
             'StartSel=${start}, StopSel=${stop}, MaxWords=18, MinWords=6, MaxFragments=2, FragmentDelimiter=" … "') as headline
         from ${messages} m join ${conversations} c on c.id = m.conversation_id
         where m.id = any(${details.param(pageIds)}::int[])
         order by m.sent_at desc, m.id desc`,
        details.values,
      )
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
