import type { CollectionAfterChangeHook } from 'payload'

import type { Conversation } from '../payload-types'

import { queueAssignmentEmail } from '../jobs/assignmentEmailTask'
import { relationId } from '../localApi'

/**
 * conversations `afterChange` (option `notifications.emailOnAssign`): a new assignee who did not
 * assign themselves gets an email, queued with the same `req` so it exists only if the
 * assignment commits. Hooks never send it themselves.
 */
export const notifyAssignee: CollectionAfterChangeHook<Conversation> = async ({ doc, previousDoc, req }) => {
  const assignee = relationId(doc.assignee)
  if (assignee === undefined || String(assignee) === String(relationId(previousDoc?.assignee) ?? '')) return doc
  if (req.user && String(req.user.id) === String(assignee)) return doc
  await queueAssignmentEmail(req, doc.id, assignee)
  return doc
}
