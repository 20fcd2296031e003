import type { PayloadRequest } from 'payload'

import type { Conversation } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { findDoc, relationId } from '../localApi'

/** Who the customer is talking to, as the widget shows it. */
export interface ChatAgent {
  name: string
}

/**
 * The staff member a conversation is assigned to, by display name only (never their email or id);
 * `null` when unassigned or when they have no display name.
 */
export const assignedAgent = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  conversation: Pick<Conversation, 'assignee'>,
): Promise<ChatAgent | null> => {
  const id = relationId(conversation.assignee)
  if (id === undefined) return null
  const user = await findDoc(req, options.usersCollection, id, { displayName: true })
  const name = typeof user?.displayName === 'string' ? user.displayName.trim() : ''
  return name ? { name } : null
}
