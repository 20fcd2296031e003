import { type CollectionBeforeChangeHook, ValidationError } from 'payload'

import type { AssignmentAction } from '../helpdesk'
import type { ResolvedSwitchboardOptions } from '../types'

import { isStaff } from '../access/roles'
import { findDoc, relationId } from '../localApi'
import { nextAvailableStaff } from '../identity/roundRobin'

/**
 * conversations `beforeChange`: a conversation is assigned to a staff member or to no one. Each
 * change of `assignee` is appended to `assignmentEvents` (who, by whom, when) in the same write.
 * With `assignment.autoAssign`, a new conversation nobody assigned goes to the next available
 * staff member (round-robin).
 */
export const recordAssignment =
  (options: ResolvedSwitchboardOptions): CollectionBeforeChangeHook =>
  async ({ collection, data, operation, originalDoc, req }) => {
    let assignee = data.assignee === undefined ? relationId(originalDoc?.assignee) : relationId(data.assignee)
    const before = relationId(originalDoc?.assignee)
    let action: AssignmentAction | undefined
    if (operation === 'create' && assignee === undefined && options.assignment.autoAssign && !options.disabled) {
      assignee = await nextAvailableStaff(req, options)
      if (assignee !== undefined) action = 'auto-assigned'
    } else if (String(assignee ?? '') !== String(before ?? '')) {
      action = assignee === undefined ? 'unassigned' : 'assigned'
    }
    if (!action) return data
    if (assignee !== undefined && action === 'assigned') {
      const user = await findDoc(req, options.usersCollection, assignee, { roles: true })
      if (!user || !isStaff(user)) {
        throw new ValidationError({
          collection: collection.slug,
          errors: [{ path: 'assignee', message: 'A conversation can be assigned to a staff member (role staff or admin) only.' }],
          req,
        })
      }
    }
    const earlier = Array.isArray(originalDoc?.assignmentEvents)
      ? (originalDoc.assignmentEvents as Array<Record<string, unknown>>).map(({ id: _id, ...event }) => ({
          ...event,
          assignee: relationId(event.assignee) ?? null,
          by: relationId(event.by) ?? null,
        }))
      : []
    const event = {
      action,
      assignee: (action === 'unassigned' ? before : assignee) ?? null,
      by: action === 'auto-assigned' ? null : (req.user?.id ?? null),
      at: new Date().toISOString(),
    }
    return { ...data, assignee: assignee ?? null, assignmentEvents: [...earlier, event] }
  }
