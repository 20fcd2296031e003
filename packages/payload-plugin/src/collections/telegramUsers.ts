import type { CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { staffOnly } from '../access/rules'
import { linkEndpoints } from '../endpoints/linkTelegramUser'
import { bigintNumber } from '../fields/bigintNumber'
import { engineOnly } from '../fields/engineOnly'
import { autoLinkTelegramUser } from '../hooks/autoLinkTelegramUser'
import { normalizeUsernameField } from '../hooks/normalizeUsernameField'
import { queueTelegramUserStreamSync } from '../hooks/queueStreamSync'
import { linkActions } from '../identity/autoLink'
import { validateTelegramUsername } from '../identity/username'
import { clientComponent, fromTelegramContext, serverComponent } from '../constants'

export const telegramUsersCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.telegramUsers,
  admin: {
    group: options.adminGroup,
    useAsTitle: 'displayName',
    defaultColumns: ['displayName', 'username', 'telegramId', 'user', 'linkStatus'],
    listSearchableFields: ['username', 'firstName', 'lastName', 'phone'],
    // Switchboard admin UI (src/components): stale-link notice above the list.
    components: options.disabled ? {} : { beforeList: [serverComponent('StaleLinksNotice')] },
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
      // Staff input follows Telegram's 5–32 rule; synced values are Telegram's own and kept.
      validate: (value: null | string | undefined, { req }: { req: { context: Record<string, unknown> } }) =>
        req.context[fromTelegramContext] ? true : validateTelegramUsername(value),
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
        // Switchboard admin UI (src/components): shows the link and links/unlinks through the endpoints.
        ...(options.disabled
          ? []
          : [
              {
                name: 'linkControl',
                type: 'ui' as const,
                admin: {
                  components: {
                    Field: { path: clientComponent('LinkedUserControl'), clientProps: { usersCollection: options.usersCollection } },
                  },
                },
              },
            ]),
        // Changed only through the audited link/unlink endpoints, the automatic rule and verification.
        ...engineOnly([
          {
            name: 'user',
            type: 'relationship',
            relationTo: options.usersCollection,
            index: true,
            admin: { readOnly: true },
          },
          {
            name: 'linkSource',
            type: 'select',
            admin: { readOnly: true },
            options: [
              { label: 'Automatic (username match)', value: 'auto' },
              { label: 'Manual (staff)', value: 'manual' },
              { label: 'Verified (the person proved it on Telegram)', value: 'verified' },
            ],
          },
          {
            name: 'linkStatus',
            type: 'select',
            defaultValue: 'unlinked',
            admin: { readOnly: true },
            index: true,
            options: [
              { label: 'Unlinked', value: 'unlinked' },
              { label: 'Linked', value: 'linked' },
              { label: 'Stale (username changed)', value: 'stale' },
            ],
          },
          { name: 'linkedAt', type: 'date', admin: { readOnly: true } },
          { name: 'linkedBy', type: 'relationship', relationTo: options.usersCollection, admin: { readOnly: true } },
          { name: 'linkedUsername', type: 'text', admin: { readOnly: true, description: 'The username when the link was made.' } },
          {
            // Audit trail: who linked or unlinked this account, when, and under which username.
            name: 'linkEvents',
            type: 'array',
            admin: { readOnly: true, initCollapsed: true },
            fields: [
              {
                name: 'action',
                type: 'select',
                required: true,
                options: linkActions.map((value) => ({ label: value, value })),
              },
              { name: 'user', type: 'relationship', relationTo: options.usersCollection },
              { name: 'by', type: 'relationship', relationTo: options.usersCollection },
              { name: 'username', type: 'text' },
              { name: 'at', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
            ],
          },
        ]),
      ],
    },
  ],
  endpoints: options.disabled ? [] : linkEndpoints(options),
  hooks: options.disabled
    ? {}
    : {
        beforeChange: [autoLinkTelegramUser(options)],
        afterChange: options.stream ? [queueTelegramUserStreamSync(options, options.stream)] : [],
      },
})
