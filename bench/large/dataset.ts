import type { Payload } from 'payload'

const largeMessagesDefault = 1_000_000
/** Every conversation holds this many messages, whatever the dataset's size. */
const messagesPerConversation = 100
const labels = ['VIP', 'Billing', 'Bug', 'Follow-up', 'Refund', 'Wholesale', 'Press', 'Partner', 'Urgent', 'Later']
const marker = 'bench-large'

/** Words of the generated chats: common ones, some Cyrillic, and the rare ones the search targets. */
export const vocabulary = `order delivery tomorrow today thanks please price invoice address payment refund parcel courier
status tracking size color photo account password login error crash update question answer morning evening week call
привет спасибо заказ доставка оплата адрес счёт хорошо когда где`.split(/\s+/)

export interface LargeDataset {
  conversationIds: { first: number; last: number }
  labelIds: number[]
}

/**
 * `messages` messages (1,000,000 unless told) in one conversation per 100, generated in SQL
 * (`generate_series`, on the server: faster than COPY, which would send and parse every row), with
 * the GIN index built once afterwards — half a minute per million, not hours. Reused while it is
 * intact (a case that empties messages makes the next large case generate it again). Every 1,000th
 * message carries a rare word `rare<n>`; every conversation has a title, flags, unread counts and
 * sometimes labels.
 */
export const ensureLargeDataset = async (
  payload: Payload,
  progress: (message: string) => void,
  largeMessages = largeMessagesDefault,
): Promise<LargeDataset> => {
  const largeConversations = largeMessages / messagesPerConversation
  const pool = payload.db.pool
  const existing = await pool.query<{ first: number; last: number; messages: string }>(
    `select min(id) as first, max(id) as last, (select count(*) from messages) as messages
     from conversations where title like '${marker} %'`,
  )
  const row = existing.rows[0]
  const labelRows = await pool.query<{ id: number }>(`select id from labels where name = any($1) order by id`, [labels])
  if (row?.first && Number(row.messages) >= largeMessages && labelRows.rows.length === labels.length) {
    return { conversationIds: { first: row.first, last: row.last }, labelIds: labelRows.rows.map((r) => r.id) }
  }

  progress(`large dataset: generating ${largeConversations.toLocaleString('en-US')} conversations and ${largeMessages.toLocaleString('en-US')} messages`)
  await pool.query('truncate messages, conversations, labels restart identity cascade')
  const labelIds = (
    await pool.query<{ id: number }>(
      `insert into labels (name, name_key, color, updated_at, created_at)
       select name, lower(name), '#3b82f6', now(), now() from unnest($1::text[]) name returning id`,
      [labels],
    )
  ).rows.map((r) => r.id)
  const sources = `(array['telegram','widget','direct','telegram'])[1 + g % 4]::enum_conversations_source`
  const types = `(array['private','widget','direct','group'])[1 + g % 4]::enum_conversations_type`
  const conversations = await pool.query<{ first: number; last: number }>(
    `with inserted as (
       insert into conversations (title, source, type, is_pinned, is_archived, is_muted, unread_count, last_message_at, sync_status, full_sync_completed, synced_message_count, updated_at, created_at)
       select '${marker} ' || g, ${sources}, ${types}, g % 50 = 0, g % 7 = 0, g % 11 = 0, case when g % 5 = 0 then g % 9 else 0 end,
              now() - (g || ' minutes')::interval, 'idle', false, 0, now(), now()
       from generate_series(1, ${largeConversations}) g
       returning id)
     select min(id) as first, max(id) as last from inserted`,
  )
  const { first, last } = conversations.rows[0]!
  await pool.query(
    `insert into conversations_rels (parent_id, path, "order", labels_id)
     select c.id, 'labels', 1, ($1::int[])[1 + c.id % ${labels.length}] from conversations c where c.id % 3 = 0`,
    [labelIds],
  )

  progress('large dataset: messages (the search index is built afterwards)')
  await pool.query('drop index if exists messages_search_idx')
  await pool.query(
    `insert into messages (conversation_id, text, direction, kind, sent_at, sender_name, updated_at, created_at)
     select ${first} + (g % ${largeConversations}),
            w[1 + (g * 7) % n] || ' ' || w[1 + (g * 13) % n] || ' ' || w[1 + (g * 31) % n] || ' ' || w[1 + (g * 17) % n]
              || case when g % 3 = 0 then ' ' || w[1 + (g * 23) % n] || ' ' || w[1 + (g * 29) % n] else '' end
              || case when g % 1000 = 0 then ' rare' || (g / 1000) else '' end,
            (case when g % 2 = 0 then 'in' else 'out' end)::enum_messages_direction, 'text',
            now() - ((${largeMessages} - g) * interval '30 seconds'), 'Bench', now(), now()
     from generate_series(1, ${largeMessages}) g, (select $1::text[] as w, cardinality($1::text[]) as n) v`,
    [vocabulary],
  )
  progress('large dataset: building the GIN index')
  await pool.query('create index messages_search_idx on messages using gin (search_vector)')
  // Vacuum too: a freshly loaded table has no visibility map or hint bits yet, and the first
  // searches would pay for setting them — a one-off cost, not the search's.
  await pool.query('vacuum analyze messages')
  await pool.query('analyze conversations')
  await pool.query('analyze conversations_rels')
  return { conversationIds: { first, last }, labelIds }
}
