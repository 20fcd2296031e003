import type { PayloadRequest, TaskConfig } from 'payload'

import type { TaskSwitchboardAssignmentEmail } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { findDoc, relationId } from '../localApi'
import { assignmentEmailTask, switchboardQueue } from '../constants'


/** Queues the email to a new assignee, in the caller's transaction (it exists only if the assignment commits). */
export const queueAssignmentEmail = (req: PayloadRequest, conversationId: number | string, assigneeId: number | string) =>
  req.payload.jobs.queue({
    task: assignmentEmailTask,
    input: { conversationId: String(conversationId), assigneeId: String(assigneeId) },
    queue: switchboardQueue,
    req,
  })

/** The inbox URL of a conversation: absolute when the app knows its `serverURL`. */
export const inboxUrl = (req: PayloadRequest, conversationId: number | string) => {
  const { serverURL, routes } = req.payload.config
  const admin = routes.admin === '/' ? '' : routes.admin
  return `${serverURL ?? ''}${admin}/inbox/${encodeURIComponent(String(conversationId))}`
}

/**
 * Emails a staff member that a conversation was assigned to them (option
 * `notifications.emailOnAssign`), through the host's Payload email adapter. Plain text only: the
 * title and preview are customer data. Skipped when the conversation is gone or assigned to
 * someone else by the time it runs; retried when the adapter fails.
 */
export const assignmentEmailTaskConfig = (options: ResolvedSwitchboardOptions): TaskConfig<TaskSwitchboardAssignmentEmail> => ({
  slug: assignmentEmailTask,
  label: 'Switchboard: email a staff member a conversation assigned to them',
  inputSchema: [
    { name: 'conversationId', type: 'text', required: true },
    { name: 'assigneeId', type: 'text', required: true },
  ],
  outputSchema: [{ name: 'result', type: 'text' }],
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
  handler: async ({ input, req }) => {
    const { conversationId, assigneeId } = input
    const conversation = await findDoc(req, options.slugs.conversations, conversationId)
    if (!conversation) return { output: { result: 'skipped: the conversation no longer exists' } }
    if (String(relationId(conversation.assignee)) !== assigneeId) return { output: { result: 'skipped: assigned to someone else since' } }
    const user = await findDoc(req, options.usersCollection, assigneeId, { email: true, displayName: true })
    const to = typeof user?.email === 'string' ? user.email : ''
    if (!to) return { output: { result: 'skipped: the assignee has no email address' } }
    const title = (typeof conversation.title === 'string' && conversation.title.trim()) || `Conversation ${conversation.id}`
    const preview = typeof conversation.lastMessagePreview === 'string' ? conversation.lastMessagePreview : ''
    await req.payload.sendEmail({
      to,
      subject: `Assigned to you: ${title}`,
      text: [
        `${(user?.displayName as string | undefined) || 'Hello'},`,
        '',
        `The conversation "${title}" was assigned to you.`,
        ...(preview ? ['', `Latest message: ${preview}`] : []),
        '',
        `Open it in the inbox: ${inboxUrl(req, conversation.id)}`,
      ].join('\n'),
    })
    return { output: { result: `sent to ${to}` } }
  },
})
