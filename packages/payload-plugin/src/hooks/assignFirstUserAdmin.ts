import type { CollectionBeforeChangeHook } from 'payload'

import { advisoryXactLock } from '../db/advisoryLock'
import { dbFor } from '../db/sqlExecutor'

/**
 * The first account ever created (Payload's first-register screen) becomes an admin; everyone
 * after that gets what the `roles` field's access allows (customer by default).
 *
 * Two registrations at once on an empty table would both count zero users. So when the table
 * looks empty, the create's transaction takes an advisory lock and counts again: the second
 * waits until the first commits, then sees its user. Once there are users no lock is taken.
 */
export const assignFirstUserAdmin: CollectionBeforeChangeHook = async ({ collection, data, operation, req }) => {
  if (operation !== 'create') return data
  const isEmpty = async () => (await req.payload.count({ collection: collection.slug, req })).totalDocs === 0
  if (!(await isEmpty())) return data
  if (req.transactionID) {
    await advisoryXactLock(await dbFor(req), `switchboard:first-user:${collection.slug}`)
    if (!(await isEmpty())) return data
  }
  return { ...data, roles: ['admin'] }
}
