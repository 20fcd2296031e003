import type { CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { staffOnly } from '../access/rules'
import { bigintNumber } from '../fields/bigintNumber'
import { normalizeUsernameField } from '../hooks/normalizeUsernameField'

export const telegramUsersCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.telegramUsers,
  admin: {
    group: options.adminGroup,
    useAsTitle: 'displayName',
    defaultColumns: ['displayName', 'username', 'telegramId', 'user', 'linkStatus'],
    listSearchableFields: ['username', 'firstName', 'lastName', 'phone'],
  },
  access: { create: staffOnly, delete: staffOnly, read: staffOnly, update: staffOnly },
  fields: [
    bigintNumber({ name: 'telegramId', required: true, unique: true, label: 'Telegram ID' }),
    {
      name: 'username',
      type: 'text',
      index: true,
      admin: { description: 'Stored normalized: no @, lower-case.' },
      hooks: { beforeValidate: [normalizeUsernameField] },
    },
    { name: 'firstName', type: 'text' },
    { name: 'lastName', type: 'text' },
    {
      // Kept for lists and relationship pickers; derived from names and username on save.
      name: 'displayName',
      type: 'text',
      admin: { readOnly: true },
      hooks: {
        beforeChange: [
          ({ siblingData }) =>
            [siblingData.firstName, siblingData.lastName].filter(Boolean).join(' ') ||
            (siblingData.username ? `@${siblingData.username}` : `Telegram ${siblingData.telegramId ?? ''}`.trim()),
        ],
      },
    },
    { name: 'phone', type: 'text' },
    { name: 'isBot', type: 'checkbox', defaultValue: false },
    { name: 'photoUrl', type: 'text' },
    {
      type: 'collapsible',
      label: 'Link to a user',
      fields: [
        { name: 'user', type: 'relationship', relationTo: options.usersCollection, index: true },
        {
          name: 'linkSource',
          type: 'select',
          options: [
            { label: 'Automatic (username match)', value: 'auto' },
            { label: 'Manual (staff)', value: 'manual' },
          ],
        },
        {
          name: 'linkStatus',
          type: 'select',
          defaultValue: 'unlinked',
          index: true,
          options: [
            { label: 'Unlinked', value: 'unlinked' },
            { label: 'Linked', value: 'linked' },
            { label: 'Stale (username changed)', value: 'stale' },
          ],
        },
        { name: 'linkedAt', type: 'date' },
        { name: 'linkedBy', type: 'relationship', relationTo: options.usersCollection },
        { name: 'linkedUsername', type: 'text', admin: { description: 'The username when the link was made.' } },
      ],
    },
  ],
})
