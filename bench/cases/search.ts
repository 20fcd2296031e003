import type { BenchCase } from '../types'

import { ensureLargeDataset, type LargeDataset } from '../large/dataset'
import { openPersistentDataset } from '../large/persistentDataset'
import { staffClient, timeAll } from '../large/staffClient'
import { percentile } from '../realtime/chatFixture'

/** 20 representative searches: rare and common words, phrases, exclusions, prefixes, in a conversation, by label. */
const searchQueries = ({ conversationIds, labelIds }: LargeDataset): string[] => {
  const q = (query: string, extra = '') => `/switchboard/search?q=${encodeURIComponent(query)}&limit=20${extra}`
  const inConversation = `&conversation=${conversationIds.first + 42}`
  return [
    q('rare17'), q('rare512'), q('rare999'), q('invoice'), q('delivery tomorrow'), q('"refund parcel"'),
    q('courier -tracking'), q('password or login'), q('заказ'), q('доставка завтра'), q('crash*'), q('paym*'),
    q('invoice', inConversation), q('rare7 or rare8'), q('photo', inConversation), q('order', `&label=${labelIds[0]}`),
    q('"thanks please"'), q('error update'), q('status', `&label=${labelIds[3]}`), q('evening call'),
  ]
}

/**
 * Full-text search over 1,000,000 messages: the 20 queries through `GET /api/switchboard/search`,
 * next to Payload's `like` query (`GET /api/messages?where[text][like]=…`, newest first) for the
 * same words — both through the REST router with the same login, so only the query differs. Then
 * the same searches over 5,000,000 messages, in a database kept between runs (see
 * persistentDataset.ts; its first run generates it, several minutes).
 */
export const search: BenchCase = async ({ payload, databaseUrl, progress }) => {
  const dataset = await ensureLargeDataset(payload, progress)
  const { timedGet } = await staffClient(payload)
  progress('search: 20 queries × 5 rounds')
  const timings = await timeAll(searchQueries(dataset), 5, timedGet)

  progress('search: the same words with Payload like (one round)')
  const likeWords = ['rare17', 'rare512', 'rare999', 'invoice', 'tomorrow', 'refund', 'courier', 'password', 'заказ', 'доставка', 'crash', 'payment', 'rare7', 'photo', 'order', 'thanks', 'error', 'status', 'evening', 'update']
  // Through the same REST path, auth and all, so only the query differs.
  const likeTimings: number[] = []
  for (const word of likeWords) {
    likeTimings.push(await timedGet(`/messages?where[text][like]=${encodeURIComponent(word)}&sort=-sentAt&limit=20&depth=0`))
  }

  const large = await openPersistentDataset(databaseUrl, 5_000_000, progress)
  let timings5m: number[]
  try {
    progress('search: 20 queries × 5 rounds over 5,000,000 messages')
    timings5m = await timeAll(searchQueries(large.dataset), 5, (await staffClient(large.payload, large.key)).timedGet)
  } finally {
    await large.close()
  }

  const p95 = percentile(timings, 95)
  const likeP95 = percentile(likeTimings, 95)
  return [
    { metric: 'p95_ms', value: p95, unit: 'ms' },
    { metric: 'like_p95_ms', value: likeP95, unit: 'ms' },
    { metric: 'speedup_vs_like', value: Math.round((likeP95 / p95) * 10) / 10, unit: 'ratio', baseline: { metric: 'like_p95_ms', value: likeP95 } },
    { metric: 'p95_ms_5m', value: percentile(timings5m, 95), unit: 'ms' },
  ]
}
