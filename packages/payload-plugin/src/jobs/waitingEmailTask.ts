import type { PayloadRequest, TaskConfig } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

import { noteKind } from '../helpdesk'
import { findDoc, relationId } from '../localApi'
import { dbFor } from '../schema/sqlExecutor'
import { tableName } from '../schema/tableName'
import { inboxUrl } from './assignmentEmailTask'
import { switchboardQueue } from './queues'

export const waitingEmailTask = 'switchboardWaitingEmail'

/**
 * A customer message arrived: if it starts a wait (nothing from the customer is unanswered yet),
 * queue the check for `notifications.emailAfterWaitingMinutes` later, in the caller's transaction.
 * Later messages of the same wait queue nothing: one email per wait.
 */
export const queueWaitingEmail = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, message: { id: number | string; conversationId: number | string; sentAt: Date }) => {
  const minutes = options.notifications.emailAfterWaitingMinutes
  if (!minutes) return
  const messages = sql.identifier(tableName(options.slugs.messages))
  // Another customer message since the last answer: the wait began earlier and has its job.
  const { rows } = await (await dbFor(req)).execute<{ waiting: boolean }>(sql`
    select exists (
      select 1 from ${messages} m
      where m.conversation_id = ${message.conversationId} and m.id <> ${message.id} and m.direction = 'in'
        and m.deleted_at is null and m.kind is distinct from ${noteKind}
        and m.sent_at > coalesce((select max(o.sent_at) from ${messages} o where o.conversation_id = ${message.conversationId}
          and o.direction = 'out' and o.deleted_at is null and o.kind is distinct from ${noteKind}), '-infinity'::timestamptz)
    ) as waiting`)
  if (rows[0]?.waiting) return
  await req.payload.jobs.queue({
    task: waitingEmailTask,
    input: { conversationId: String(message.conversationId), messageId: String(message.id) },
    queue: switchboardQueue,
    req,
    waitUntil: new Date(message.sentAt.getTime() + minutes * 60_000),
  })
}

/**
 * Emails staff that a customer has waited longer than `notifications.emailAfterWaitingMinutes`:
 * the assignee, or every staff member and admin when nobody is assigned. Sends nothing when the
 * customer's message was answered meanwhile (a staff reply, not a note), or the conversation is
 * no longer open (pending, snoozed, resolved, archived) or gone. Retried when the adapter fails.
 */
export const waitingEmailTaskConfig = (options: ResolvedSwitchboardOptions): TaskConfig => ({
  slug: waitingEmailTask,
  label: 'Switchboard: email staff about a customer waiting for an answer',
  inputSchema: [
    { name: 'conversationId', type: 'text', required: true },
    { name: 'messageId', type: 'text', required: true },
  ],
  outputSchema: [{ name: 'result', type: 'text' }],
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
  handler: async ({ input, req }) => {
    const { conversationId, messageId } = input as { conversationId: string; messageId: string }
    const conversation = await findDoc(req, options.slugs.conversations, conversationId)
    if (!conversation) return { output: { result: 'skipped: the conversation no longer exists' } }
    if ((conversation.status ?? 'open') !== 'open' || conversation.isArchived) return { output: { result: 'skipped: not open' } }
    const message = await findDoc(req, options.slugs.messages, messageId, { sentAt: true, deletedAt: true })
    if (!message || message.deletedAt) return { output: { result: 'skipped: the message is gone' } }
    const messages = sql.identifier(tableName(options.slugs.messages))
    const { rows } = await (await dbFor(req)).execute<{ answered: boolean }>(sql`
      select exists (select 1 from ${messages} where conversation_id = ${Number(conversationId)} and direction = 'out'
        and deleted_at is null and kind is distinct from ${noteKind} and sent_at >= ${new Date(message.sentAt as string).toISOString()}::timestamptz) as answered`)
    if (rows[0]?.answered) return { output: { result: 'skipped: answered' } }

    const assigneeId = relationId(conversation.assignee)
    const recipients =
      assigneeId !== undefined
        ? [await findDoc(req, options.usersCollection, assigneeId, { email: true })]
        : (
            await req.payload.find({
              collection: options.usersCollection,
              depth: 0,
              limit: 200,
              overrideAccess: true,
              pagination: false,
              req,
              select: { email: true },
              where: { roles: { in: ['admin', 'staff'] } },
            })
          ).docs
    const to = [...new Set(recipients.map((user) => (typeof user?.email === 'string' ? user.email : '')).filter(Boolean))]
    if (!to.length) return { output: { result: 'skipped: nobody to email' } }
    const title = (typeof conversation.title === 'string' && conversation.title.trim()) || `Conversation ${conversation.id}`
    const minutes = options.notifications.emailAfterWaitingMinutes ?? 0
    const preview = typeof conversation.lastMessagePreview === 'string' ? conversation.lastMessagePreview : ''
    await req.payload.sendEmail({
      to: to.join(', '),
      subject: `Waiting for an answer: ${title}`,
      text: [
        `A customer has been waiting for an answer for more than ${minutes} minute${minutes === 1 ? '' : 's'}${assigneeId === undefined ? ', and nobody is assigned' : ''}.`,
        '',
        `Conversation: ${title}`,
        ...(preview ? [`Latest message: ${preview}`] : []),
        '',
        `Open it in the inbox: ${inboxUrl(req, conversation.id)}`,
      ].join('\n'),
    })
    return { output: { result: `sent to ${to.join(', ')}` } }
  },
})
