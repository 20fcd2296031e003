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

/** An internal note: a message of kind `note`, for staff only. */
export const noteKind = 'note'

export const isNote = (doc: null | undefined | { kind?: unknown }): boolean => doc?.kind === noteKind

/** The `where` that leaves internal notes out: every read a customer or the widget makes has it. */
export const notNote = { kind: { not_equals: noteKind } } as const

/** What an entry of a conversation's assignment log records. */
export const assignmentActions = ['assigned', 'auto-assigned', 'unassigned'] as const
export type AssignmentAction = (typeof assignmentActions)[number]
