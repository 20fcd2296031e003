import { type CollectionAfterChangeHook, type CollectionBeforeChangeHook, ValidationError } from 'payload'

import type { Conversation } from '../payload-types'

import { queueSnoozeWake } from '../jobs/wakeSnoozedTask'
import { relationId } from '../localApi'

/**
 * conversations `beforeChange`: a snoozed conversation needs a time in the future to wake up at;
 * any other status has none, so a stale `snoozedUntil` never lingers. The status is never empty.
 */
export const checkConversationStatus: CollectionBeforeChangeHook<Conversation> = ({ collection, data: incoming, originalDoc, req }) => {
  // Never empty: a cleared status is the one it had (or open).
  const data = incoming.status === null || (incoming.status === undefined && !originalDoc?.status) ? { ...incoming, status: originalDoc?.status ?? 'open' } : incoming
  if (data.status !== 'snoozed') return data.snoozedUntil || originalDoc?.snoozedUntil ? { ...data, snoozedUntil: null } : data
  const until = data.snoozedUntil ?? originalDoc?.snoozedUntil
  const changed = data.status === 'snoozed' && originalDoc?.status !== 'snoozed'
  const at = until ? Date.parse(String(until)) : Number.NaN
  // A conversation snoozed earlier may sit past its time until the wake-up job runs; only a new
  // snooze (or a new time) must lie ahead.
  if ((changed || data.snoozedUntil !== undefined) && !(at > Date.now())) {
    throw new ValidationError({
      collection: collection.slug,
      errors: [{ path: 'snoozedUntil', message: 'A snoozed conversation needs a time in the future to reopen at ("snoozedUntil").' }],
      req,
    })
  }
  return data
}

/**
 * conversations `afterChange`: snoozing queues the wake-up job for that time, with the same `req`
 * (it commits with the snooze). A job finding the conversation re-snoozed to later does nothing;
 * the later snooze has its own.
 */
export const scheduleSnoozeWake: CollectionAfterChangeHook<Conversation> = async ({ doc, previousDoc, req }) => {
  if (doc.status !== 'snoozed' || !doc.snoozedUntil) return doc
  if (previousDoc?.status === 'snoozed' && previousDoc.snoozedUntil === doc.snoozedUntil) return doc
  await queueSnoozeWake(req, doc.id, new Date(doc.snoozedUntil))
  return doc
}

/**
 * conversations `beforeChange`: every change of `status` made through Payload (staff, the snooze
 * wake-up job) is appended to `statusEvents` — new status, previous one, who, when — in the same
 * write. Reopening on a customer's message is recorded by that SQL statement itself
 * (`reopenOnCustomerMessage`). The reports read this log (src/stats/helpdeskReport.ts).
 */
export const recordStatusChange: CollectionBeforeChangeHook<Conversation> = ({ data, operation, originalDoc, req }) => {
  if (operation !== 'update' || data.status === undefined || data.status === (originalDoc?.status ?? 'open')) return data
  const earlier = Array.isArray(originalDoc?.statusEvents)
    ? (originalDoc.statusEvents as Array<Record<string, unknown>>).map(({ id: _id, ...event }) => ({ ...event, by: relationId(event.by) ?? null }))
    : []
  const event = { status: data.status, previous: originalDoc?.status ?? 'open', by: req.user?.id ?? null, at: new Date().toISOString() }
  return { ...data, statusEvents: [...earlier, event] }
}
