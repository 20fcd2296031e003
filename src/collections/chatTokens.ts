import type { CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { staffOnly } from '../access/rules'
import { generateChatToken, returnPlaintextToken } from '../hooks/issueChatToken'

export const chatTokensCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.chatTokens,
  admin: {
    group: options.adminGroup,
    useAsTitle: 'tokenPrefix',
    defaultColumns: ['tokenPrefix', 'kind', 'provider', 'expiresAt', 'uses', 'maxUses', 'revokedAt'],
  },
  access: { create: staffOnly, delete: staffOnly, read: staffOnly, update: staffOnly },
  fields: [
    {
      // SHA-256 of the token; the plaintext is never stored. Hidden from the API and the admin.
      name: 'tokenHash',
      type: 'text',
      unique: true,
      hidden: true,
    },
    { name: 'tokenPrefix', type: 'text', label: 'Token', admin: { readOnly: true, description: 'The start of the token, for recognising it.' } },
    {
      name: 'kind',
      type: 'select',
      required: true,
      defaultValue: 'personal',
      options: [
        { label: 'Personal link (one customer, one conversation)', value: 'personal' },
        { label: 'Public embed key (one conversation per visitor)', value: 'public' },
      ],
    },
    { name: 'provider', type: 'relationship', relationTo: options.usersCollection, required: true, index: true, admin: { description: 'The staff member customers reach through this link.' } },
    { name: 'conversation', type: 'relationship', relationTo: options.slugs.conversations, admin: { readOnly: true } },
    { name: 'expiresAt', type: 'date', index: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'maxUses', type: 'number', min: 1, admin: { description: 'Empty for unlimited.' } },
    { name: 'uses', type: 'number', defaultValue: 0, min: 0, admin: { readOnly: true } },
    { name: 'revokedAt', type: 'date', admin: { readOnly: true } },
    { name: 'lastUsedAt', type: 'date', admin: { readOnly: true } },
    { name: 'note', type: 'text' },
  ],
  hooks: options.disabled
    ? {}
    : {
        beforeChange: [generateChatToken(options.chatTokens.defaultExpiryDays)],
        afterChange: [returnPlaintextToken],
      },
})
