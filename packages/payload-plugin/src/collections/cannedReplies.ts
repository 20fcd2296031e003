import type { CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { staffOnly } from '../access/rules'
import { normalizeShortcut, validateShortcut } from '../hooks/cannedReplyShortcut'

/**
 * Canned replies: texts staff insert in the inbox composer by typing `/` (and, optionally, the
 * reply's shortcut). Staff-only to read and edit: they are the team's wording, not the customer's.
 */
export const cannedRepliesCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.cannedReplies,
  admin: {
    group: options.adminGroup,
    useAsTitle: 'title',
    defaultColumns: ['title', 'shortcut', 'text'],
    listSearchableFields: ['title', 'shortcut', 'text'],
  },
  access: { create: staffOnly, delete: staffOnly, read: staffOnly, update: staffOnly },
  defaultSort: 'title',
  fields: [
    { name: 'title', type: 'text', required: true },
    { name: 'text', type: 'textarea', required: true, maxLength: options.chat.maxMessageLength },
    {
      name: 'shortcut',
      type: 'text',
      unique: true,
      admin: { description: 'Optional: type /shortcut in the inbox composer to find this reply. Letters, digits, - and _.' },
      hooks: { beforeValidate: [normalizeShortcut] },
      validate: validateShortcut,
    },
  ],
})
