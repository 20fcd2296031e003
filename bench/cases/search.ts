import type { BenchCase } from '../types'

import { ensureLargeDataset } from '../large/dataset'
import { staffClient, timeAll } from '../large/staffClient'
import { percentile } from '../realtime/chatFixture'

/**
 * Full-text search over 1,000,000 messages: 20 representative queries (rare and common words,
 * phrases, exclusions, prefixes, in-conversation, by label) through `GET /api/switchboard/search`,
 * next to Payload's `like` query (`GET /api/messages?where[text][like]=…`, newest first) for the
 * same words — both through the REST router with the same login, so only the query differs.
 */
export const search: BenchCase = async ({ payload, progress }) => {
  const { conversationIds, labelIds } = await ensureLargeDataset(payload, progress)
  const { timedGet } = await staffClient(payload)
  const q = (query: string, extra = '') => `/switchboard/search?q=${encodeURIComponent(query)}&limit=20${extra}`
  const inConversation = `&conversation=${conversationIds.first + 42}`
  const queries = [
    q('rare17'), q('rare512'), q('rare999'), q('invoice'), q('delivery tomorrow'), q('"refund parcel"'),
    q('courier -tracking'), q('password or login'), q('заказ'), q('доставка завтра'), q('crash*'), q('paym*'),
    q('invoice', inConversation), q('rare7 or rare8'), q('photo', inConversation), q('order', `&label=${labelIds[0]}`),
    q('"thanks please"'), q('error update'), q('status', `&label=${labelIds[3]}`), q('evening call'),
  ]
  progress('search: 20 queries × 5 rounds')
  const timings = await timeAll(queries, 5, timedGet)

  progress('search: the same words with Payload like (one round)')
  const likeWords = ['rare17', 'rare512', 'rare999', 'invoice', 'tomorrow', 'refund', 'courier', 'password', 'заказ', 'доставка', 'crash', 'payment', 'rare7', 'photo', 'order', 'thanks', 'error', 'status', 'evening', 'update']
  // Through the same REST path, auth and all, so only the query differs.
  const likeTimings: number[] = []
  for (const word of likeWords) {
    likeTimings.push(await timedGet(`/messages?where[text][like]=${encodeURIComponent(word)}&sort=-sentAt&limit=20&depth=0`))
  }
  const p95 = percentile(timings, 95)
  const likeP95 = percentile(likeTimings, 95)
  return [
    { metric: 'p95_ms', value: p95, unit: 'ms' },
    { metric: 'like_p95_ms', value: likeP95, unit: 'ms' },
    { metric: 'speedup_vs_like', value: Math.round((likeP95 / p95) * 10) / 10, unit: 'ratio', baseline: { metric: 'like_p95_ms', value: likeP95 } },
  ]
}
