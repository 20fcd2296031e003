import type { PayloadRequest, TaskConfig } from 'payload'

import type { TaskSwitchboardWaitingEmail } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { findDoc, relationId } from '../localApi'
import { hasOpenConversationJob } from '../db/jobs'
import { lockRow } from '../db/lockRow'
import { dbFor } from '../db/sqlExecutor'
import { customerWaitingSince, markWaitNotified } from '../db/waitingCustomers'
import { inboxUrl } from './assignmentEmailTask'
import { switchboardQueue, waitingEmailTask } from '../constants'


const queueCheck = (req: PayloadRequest, conversationId: number | string, at: Date) =>
  req.payload.jobs.queue({ task: waitingEmailTask, input: { conversationId: String(conversationId) }, queue: switchboardQueue, req, waitUntil: at })

/**
 * A live customer message arrived (option `notifications.emailAfterWaitingMinutes`): unless a
 * check is already queued for the conversation, queue one for that many minutes later, in the
 * caller's transaction. One pending check per conversation, however many messages arrive.
 */
export const queueWaitingEmail = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, message: { conversationId: number | string; sentAt: Date }) => {
  const minutes = options.notifications.emailAfterWaitingMinutes
  if (!minutes) return
  if (await hasOpenConversationJob(await dbFor(req), waitingEmailTask, message.conversationId)) return
  await queueCheck(req, message.conversationId, new Date(Math.max(Date.now(), message.sentAt.getTime()) + minutes * 60_000))
}

/**
 * Emails staff that a customer has waited longer than `notifications.emailAfterWaitingMinutes`:
 * the assignee, or every staff member and admin when nobody is assigned. A wait begins with the
 * first customer message after the last staff reply (an internal note is no reply) and is emailed
 * about once (`waitNotifiedAt` on the conversation). Nothing is sent when there is no wait any
 * more (answered) or the conversation is not open (pending, snoozed, resolved, archived) or gone;
 * a check that comes early (the wait began after it was queued) queues itself for the right time.
 * Retried when the email adapter fails.
 */
export const waitingEmailTaskConfig = (options: ResolvedSwitchboardOptions): TaskConfig<TaskSwitchboardWaitingEmail> => ({
  slug: waitingEmailTask,
  label: 'Switchboard: email staff about a customer waiting for an answer',
  inputSchema: [{ name: 'conversationId', type: 'text', required: true }],
  outputSchema: [{ name: 'result', type: 'text' }],
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
  handler: async ({ input, req }) => {
    const { conversationId } = input
    const minutes = options.notifications.emailAfterWaitingMinutes
    if (!minutes) return { output: { result: 'skipped: the option is off' } }
    // Two checks at once decide one after the other.
    if (req.transactionID) await lockRow(req, options.slugs.conversations, Number(conversationId))
    const conversation = await findDoc(req, options.slugs.conversations, conversationId)
    if (!conversation) return { output: { result: 'skipped: the conversation no longer exists' } }
    if ((conversation.status ?? 'open') !== 'open' || conversation.isArchived) return { output: { result: 'skipped: not open' } }

    const db = await dbFor(req)
    const since = await customerWaitingSince(db, options, Number(conversationId))
    if (!since) return { output: { result: 'skipped: answered' } }
    const notified = conversation.waitNotifiedAt ? Date.parse(String(conversation.waitNotifiedAt)) : Number.NaN
    if (notified >= since.getTime()) return { output: { result: 'skipped: already emailed about this wait' } }
    const due = since.getTime() + minutes * 60_000
    if (Date.now() < due - 1_000) {
      await queueCheck(req, conversationId, new Date(due))
      return { output: { result: 'not yet: checks again when due' } }
    }

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
    await markWaitNotified(db, options, Number(conversationId))
    return { output: { result: `sent to ${to.join(', ')}` } }
  },
})
