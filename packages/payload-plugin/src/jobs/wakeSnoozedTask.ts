import type { PayloadRequest, TaskConfig } from 'payload'

import type { TaskSwitchboardWakeSnoozed } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'
import { switchboardQueue, wakeSnoozedTask } from '../constants'



/** Queues the wake-up of a snoozed conversation for `at`, in the caller's transaction. */
export const queueSnoozeWake = (req: PayloadRequest, conversationId: number | string, at: Date) =>
  req.payload.jobs.queue({
    task: wakeSnoozedTask,
    input: { conversationId: String(conversationId) },
    queue: switchboardQueue,
    req,
    waitUntil: at,
  })

/**
 * Reopens a snoozed conversation whose time has come. Does nothing when it was reopened,
 * resolved or snoozed to a later time meanwhile: the condition is part of the update.
 */
export const wakeSnoozedTaskConfig = (options: ResolvedSwitchboardOptions): TaskConfig<TaskSwitchboardWakeSnoozed> => ({
  slug: wakeSnoozedTask,
  label: 'Switchboard: reopen a snoozed conversation',
  inputSchema: [{ name: 'conversationId', type: 'text', required: true }],
  outputSchema: [{ name: 'reopened', type: 'checkbox' }],
  retries: 3,
  handler: async ({ input, req }) => {
    const id = input.conversationId
    const { docs } = await req.payload.update({
      collection: options.slugs.conversations,
      where: {
        and: [{ id: { equals: id } }, { status: { equals: 'snoozed' } }, { snoozedUntil: { less_than_equal: new Date().toISOString() } }],
      },
      data: { status: 'open' },
      depth: 0,
      overrideAccess: true,
      req,
    })
    return { output: { reopened: docs.length > 0 } }
  },
})
