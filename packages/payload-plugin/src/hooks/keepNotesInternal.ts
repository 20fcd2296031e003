import type { CollectionBeforeChangeHook } from 'payload'

import type { Message } from '../payload-types'

import { isNote } from '../helpdesk'

/**
 * messages `beforeChange`: a note stays a note and a message stays a message. Turning a note
 * into a message would publish it (to the widget, and nowhere else: it was never sent), and
 * turning a sent message into a note would hide from the team what the customer saw. A note is
 * the team's own writing: outgoing, never unread.
 */
export const keepNotesInternal: CollectionBeforeChangeHook<Message> = ({ data, operation, originalDoc }) => {
  if (operation === 'update' && originalDoc) {
    if (data.kind !== undefined && isNote(originalDoc) !== isNote(data)) return { ...data, kind: originalDoc.kind }
    return data
  }
  return isNote(data) ? { ...data, direction: 'out' } : data
}
