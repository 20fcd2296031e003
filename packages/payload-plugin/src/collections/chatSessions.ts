import type { CollectionConfig, Field } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { nobody, staffOnly, staffOnlyField } from '../access/rules'
import { endRevokedSession } from '../hooks/accessChanged'
import { keepRevocation } from '../hooks/keepRevocation'

const noWrites = () => false

/** Written only by the chat endpoints (Local API, access overridden). */
const engineOnly = (field: Field): Field => ({ ...field, access: { create: noWrites, update: noWrites } }) as Field

/**
 * One row per widget session: what a session token names. The row is what makes a session end
 * when it should: revoked here by staff or by the widget itself, expired, its chat link closed, or
 * its conversation identified to another customer (see `authorizeSession`). Staff read them and
 * may revoke one; everything else is written by the chat endpoints.
 */
export const chatSessionsCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.chatSessions,
  admin: {
    group: options.adminGroup,
    defaultColumns: ['id', 'conversation', 'customer', 'createdAt', 'expiresAt', 'revokedAt'],
    description: 'Website chat sessions opened through chat links. Set "Revoked at" to end one now; its chat closes within a second.',
  },
  access: { create: nobody, delete: nobody, read: staffOnly, update: staffOnly },
  fields: [
    engineOnly({ name: 'chatToken', type: 'relationship', relationTo: options.slugs.chatTokens, index: true, admin: { readOnly: true } }),
    engineOnly({ name: 'conversation', type: 'relationship', relationTo: options.slugs.conversations, index: true, admin: { readOnly: true } }),
    engineOnly({
      name: 'customer',
      type: 'relationship',
      relationTo: options.usersCollection,
      admin: { readOnly: true, description: 'The customer account this session identified as.' },
    }),
    engineOnly({ name: 'expiresAt', type: 'date', required: true, index: true, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } }),
    {
      name: 'revokedAt',
      type: 'date',
      access: { create: noWrites, update: staffOnlyField },
      admin: { position: 'sidebar', date: { pickerAppearance: 'dayAndTime' } },
      hooks: { beforeChange: [keepRevocation] },
    },
  ],
  hooks: options.disabled ? {} : { afterChange: [endRevokedSession] },
})
