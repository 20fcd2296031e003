import { type SQL, sql } from '@payloadcms/db-postgres/drizzle'

import type { JwtSubject } from '../security/payloadJwt'
import type { SearchQuery, SearchTerm } from '../search/searchQuery'
import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { messageSearchConfig } from './extendSchema'
import { tableName } from './tableName'
import { collectionTable, relsTable, userRolesTable, userSessionsTable, usersTable } from './tables'

/** The messages searched, their conversations' titles and labels, and the caller's user, session and roles. */
const messages = collectionTable('messages', ['id', 'conversation_id', 'sent_at', 'sender_name', 'direction', 'text', 'search_vector', 'deleted_at'])
const conversations = collectionTable('conversations', ['id', 'title'])
const conversationRels = relsTable('conversations', ['parent_id', 'path'])
/** The rels column of the `labels` relationship: named after the labels collection's table, a slug option. */
const labelColumn = (options: ResolvedSwitchboardOptions) => sql.identifier(`${tableName(options.slugs.labels)}_id`)
const users = usersTable(['id'])
const sessions = userSessionsTable(['_parent_id', 'id', 'expires_at'])
const roles = userRolesTable(['parent_id', 'value'])

/**
 * The configuration as a literal, not a parameter: `'simple'::regconfig` is a constant to
 * Postgres, so the whole tsquery expression is computed once; with `$1::regconfig` (a stable cast)
 * it was computed again for every message a plan filters — three times slower.
 */
const config = sql.raw(`'${messageSearchConfig}'::regconfig`)

const termQuery = ({ kind, text, negated }: SearchTerm): SQL => {
  // A prefix is only letters, digits and `_` (searchQuery.ts): no tsquery operator can get in.
  const query = kind === 'prefix' ? sql`to_tsquery(${config}, ${`${text}:*`})` : sql`phraseto_tsquery(${config}, ${text})`
  return negated ? sql`(!!${query})` : query
}

/** The tsquery of parsed terms; words are split by the parser that built the stored vector. */
const tsqueryOf = (query: SearchQuery): SQL =>
  query.length
    ? sql`(${sql.join(
        query.map((terms) => sql`(${sql.join(terms.map(termQuery), sql` && `)})`),
        sql` || `,
      )})`
    : sql`''::tsquery`

/** Who is searching: a user Payload has loaded (and the endpoint checked), or only a verified token. */
export type SearchCaller =
  | { checked: true }
  | { checked: false; subject: JwtSubject & { id: number }; sessions: boolean; verified: boolean }

export interface SearchGate {
  /** The token's user exists (verified, when required) and still has the token's session. */
  signedIn: boolean
  staff: boolean
  /** The search text has no word Postgres indexes ("!!!"). */
  empty: boolean
  /** The query, computed once, for the statements that follow (as text: they cast it back). */
  tsquery: string
  /** Conversations with any of the labels, when labels were given. */
  labelled: number[]
}

const callerCheck = (options: ResolvedSwitchboardOptions, caller: SearchCaller): SQL => {
  if (caller.checked) return sql`true as "signedIn", true as staff`
  const { id, sid } = caller.subject
  const session = caller.sessions
    ? sql`and exists (select 1 from ${sessions.ref(options)} s
        where s._parent_id = u.id and s.id = ${sid ?? ''} and s.expires_at > now())`
    : sql``
  const verified = caller.verified ? sql`and u._verified` : sql``
  return sql`exists (select 1 from ${users.ref(options)} u where u.id = ${id} ${verified} ${session}) as "signedIn",
    exists (select 1 from ${roles.ref(options)} r where r.parent_id = ${id} and r.value in ('admin', 'staff')) as staff`
}


/** Which messages a search looks at, besides its words. */
export interface SearchFilters {
  /** Only these conversations, when given. */
  conversationIds?: number[]
  from?: string
  to?: string
  /** Keyset: messages older than this one. */
  before?: { sentAt: string; id: number }
}

export interface SearchHit {
  id: number
  conversation_id: number
  /** A timestamp as the driver returns it (drizzle: text). */
  sent_at: Date | string
  sender_name: null | string
  direction: string
  conversation_title: null | string
  headline: string
}

/** Delimiters of matches in `headline`; control characters no message text is shown with. */
export const headlineStart = '\u0001'
export const headlineStop = '\u0002'

/** How many of the newest messages are checked first: enough to fill a page for any common word. */
const recentWindow = 2_000
/** Up to this many matches, collecting them all through the GIN index and sorting is fast. */
const rareMatchCap = 2_000

/** The conditions on a message other than its words and conversation: not deleted, in the dates, before the cursor. */
const rowConditions = ({ from, to, before }: SearchFilters): SQL =>
  sql.join(
    [
      sql`m.deleted_at is null`,
      ...(from ? [sql`m.sent_at >= ${from}::timestamptz`] : []),
      ...(to ? [sql`m.sent_at < ${to}::timestamptz`] : []),
      ...(before ? [sql`(m.sent_at, m.id) < (${before.sentAt}::timestamptz, ${before.id})`] : []),
    ],
    sql` and `,
  )

const inConversations = (ids: number[] | undefined): SQL => (ids ? sql`and m.conversation_id = any(${sql.param(ids)}::int[])` : sql``)

/**
 * The page for the message ids `ids` selects (a subquery with an `id` column), newest first, with
 * conversation titles and snippets: `ts_headline` runs only for the rows of the page.
 */
const withDetails = (ids: SQL, options: ResolvedSwitchboardOptions, tsquery: SQL): SQL =>
  sql`select m.id, m.conversation_id, m.sent_at, m.sender_name, m.direction, c.title as conversation_title,
        ts_headline(${config}, coalesce(m.text, ''), ${tsquery},
          ${`StartSel=${headlineStart}, StopSel=${headlineStop}, MaxWords=18, MinWords=6, MaxFragments=2, FragmentDelimiter=" … "`}) as headline
      from (${ids}) page join ${messages.ref(options)} m on m.id = page.id
        join ${conversations.ref(options)} c on c.id = m.conversation_id
      order by m.sent_at desc, m.id desc`

/**
 * The newest `count` matches among the newest 2,000 messages: a full page there is the answer for
 * any common word, read backwards along the `sent_at` index.
 */
const recentMatches = (options: ResolvedSwitchboardOptions, filters: SearchFilters, tsquery: SQL, scope: SQL, allowed: SQL, count: number): SQL =>
  sql`select m.id from (select id, conversation_id, sent_at, search_vector from ${messages.ref(options)} m
        where ${rowConditions(filters)} and ${allowed} order by m.sent_at desc, m.id desc limit ${recentWindow}) m
      where m.search_vector @@ ${tsquery} ${scope} order by m.sent_at desc, m.id desc limit ${count}`

/**
 * The first statement of a search, one round trip: whether the caller may search (a deleted or
 * demoted user, or a session that was logged out, may not — checked now, not when the token was
 * issued), whether the text has a word, the tsquery, the conversations of the labels and — only
 * when the caller may search and there is a word — the newest matches among the newest messages
 * (the first step of the plan `indexedMatches` continues). Its rows are the gate's columns, each with one match (or
 * none: `id` null).
 */
export const searchFirstStep = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  { caller, query, labelIds, filters, count }: { caller: SearchCaller; query: SearchQuery; labelIds: number[]; filters: SearchFilters; count: number },
): Promise<{ gate: SearchGate; recent: SearchHit[] }> => {
  const labelled = labelIds.length
    ? sql`array(select distinct parent_id from ${conversationRels.ref(options)}
        where path = 'labels' and ${labelColumn(options)} = any(${sql.param(labelIds)}::int[]))`
    : sql`'{}'::int[]`
  // The gate's columns are parameters to the lateral query: `allowed` is a one-time filter, so
  // for a caller who may not search no message is read.
  const scope = sql`${inConversations(filters.conversationIds)} ${labelIds.length ? sql`and m.conversation_id = any(gate.labelled)` : sql``}`
  const allowed = sql`gate."signedIn" and gate.staff and not gate.empty`
  const { rows } = await db.execute<SearchHit & SearchGate>(
    sql`with gate as (
          select ${callerCheck(options, caller)}, numnode(q) = 0 as empty, q, ${labelled} as labelled
          from (select ${tsqueryOf(query)} as q) query)
        select gate."signedIn", gate.staff, gate.empty, gate.q::text as tsquery, gate.labelled, hit.*
        from gate left join lateral (${withDetails(recentMatches(options, filters, sql`gate.q`, scope, allowed, count), options, sql`gate.q`)}) hit on true
        order by hit.sent_at desc, hit.id desc`,
  )
  const row = rows[0]!
  return {
    gate: { signedIn: row.signedIn, staff: row.staff, empty: row.empty, tsquery: row.tsquery, labelled: row.labelled },
    recent: rows.filter((hit) => hit.id !== null),
  }
}

/**
 * The newest `count` matches once the newest messages did not fill a page (`searchFirstStep`), by
 * whichever plan suits the words. Which plan is fast depends on how often the words occur
 * together, which no statistics know, and neither plan is good for both kinds: walking the
 * `sent_at` index backwards finds a common word at once but reads every message for a rare one;
 * collecting matches from the GIN index is instant for a rare word but sorts thousands for a
 * common one. So, after the newest 2,000 messages:
 * 2. collect all matches through the GIN index, up to a cap, and sort them (rare words, and
 *    common words that seldom occur together);
 * 3. else (in between) walk time backwards, knowing matches are not far apart.
 * Statements are drizzle `sql` templates (bound parameters); the tsquery is a constant to each.
 * They are not named prepared statements: planning is a fraction of a millisecond here, and after
 * five runs Postgres may switch a prepared statement to one generic plan for every word — the
 * plan choice this function exists for.
 */
export const indexedMatches = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  tsquery: string,
  filters: SearchFilters,
  count: number,
): Promise<SearchHit[]> => {
  const table = messages.ref(options)
  const query = sql`${tsquery}::tsquery`
  const textMatch = sql`m.search_vector @@ ${query} ${inConversations(filters.conversationIds)}`
  const where = rowConditions(filters)
  const details = (ids: SQL) => withDetails(ids, options, query)

  // Up to the cap, in one statement: the inner query has no ORDER BY, so nothing tempts the
  // planner into the time index — it reads the GIN index — and the few matches are sorted after.
  // `work_mem` is raised first, for this statement only (`set_config(…, true)` is `set local`, and
  // a one-time filter runs before the scan): a common word in a label's conversations ANDs two
  // bitmaps of hundreds of thousands of rows, which beyond the default 4 MB turn lossy, and
  // Postgres then rechecks every message of those pages — half a minute at 5,000,000 messages
  // instead of under one second.
  const collected = await db.execute<SearchHit & { matches: number }>(
    sql`with hits as (select m.id, m.sent_at from ${table} m
          where ${textMatch} and ${where} and (select set_config('work_mem', '64MB', true)) is not null limit ${rareMatchCap + 1})
      select page.*, (select count(*) from hits)::int as matches
      from (${details(sql`select id from hits order by sent_at desc, id desc limit ${count}`)}) page
      order by page.sent_at desc, page.id desc`,
  )
  if ((collected.rows[0]?.matches ?? 0) <= rareMatchCap) return collected.rows
  const walked = await db.execute<SearchHit>(
    details(sql`select m.id from ${table} m where ${textMatch} and ${where} order by m.sent_at desc, m.id desc limit ${count}`),
  )
  return walked.rows
}
