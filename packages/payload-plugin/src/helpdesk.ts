/** Where a conversation stands for the team: see docs/inbox.md ("Status"). */
export const conversationStatuses = ['open', 'pending', 'snoozed', 'resolved'] as const
export type ConversationStatus = (typeof conversationStatuses)[number]

export const statusLabels: Record<ConversationStatus, string> = {
  open: 'Open',
  pending: 'Pending (waiting on the customer)',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
}

/** Statuses a new message from the customer ends: the conversation needs the team again. */
export const reopenedByCustomer: readonly ConversationStatus[] = ['pending', 'snoozed', 'resolved']

/** What an entry of a conversation's assignment log records. */
export const assignmentActions = ['assigned', 'auto-assigned', 'unassigned'] as const
export type AssignmentAction = (typeof assignmentActions)[number]
