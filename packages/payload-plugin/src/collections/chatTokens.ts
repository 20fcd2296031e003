import type { CollectionConfig, FieldHook } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { staffOnly } from '../access/rules'
import { engineOnly } from '../fields/engineOnly'
import { endTokenSessions, endTokenSessionsOnDelete } from '../hooks/accessChanged'
import { generateChatToken, returnPlaintextToken } from '../hooks/issueChatToken'
import { keepRevocation } from '../hooks/keepRevocation'
import { clientComponent } from '../constants'

export type ChatTokenStatus = 'active' | 'expired' | 'revoked' | 'used-up'

export const chatTokenStatusOptions: { label: string; value: ChatTokenStatus }[] = [
  { label: 'Active', value: 'active' },
  { label: 'Expired', value: 'expired' },
  { label: 'Revoked', value: 'revoked' },
  { label: 'Used up', value: 'used-up' },
]

interface ChatTokenState {
  expiresAt?: Date | null | string
  maxUses?: null | number | string
  revokedAt?: Date | null | string
  uses?: null | number | string
}

/**
 * Whether a chat link opens chats now, by the same rules the chat endpoints apply: revoked wins,
 * then expired, then used up (`uses` reached `maxUses`).
 */
export const chatTokenStatus = (token: ChatTokenState, now: Date = new Date()): ChatTokenStatus => {
  if (token.revokedAt) return 'revoked'
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now.getTime()) return 'expired'
  const maxUses = token.maxUses === null || token.maxUses === undefined || token.maxUses === '' ? undefined : Number(token.maxUses)
  if (maxUses !== undefined && Number(token.uses ?? 0) >= maxUses) return 'used-up'
  return 'active'
}

const dayMs = 24 * 60 * 60 * 1000

/** Shown once the link exists; on the create view these fields have nothing to say yet. */
const savedOnly = (data: Partial<Record<string, unknown>> | undefined): boolean => Boolean(data?.id)

/** Computed on every read; `virtual: true` keeps it out of the database (no column, no migration). */
const computeStatus: FieldHook = ({ siblingData }) => chatTokenStatus(siblingData as ChatTokenState)

export const chatTokensCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.chatTokens,
  admin: {
    group: options.adminGroup,
    useAsTitle: 'tokenPrefix',
    defaultColumns: ['tokenPrefix', 'kind', 'provider', 'uses', 'maxUses', 'expiresAt', 'status'],
    description: 'Links customers open to chat with staff. The full link is shown once, when it is created; only a fingerprint is stored.',
    // Switchboard admin UI (src/components). The plaintext token exists only in the create
    // response, and Payload's own create form reloads the saved document without it: links are
    // created by the form above the list, and the create view's Save button is replaced by one
    // that shows the link once before opening the saved document.
    components: options.disabled
      ? {}
      : {
          beforeList: [
            {
              path: clientComponent('ChatTokenCreator'),
              clientProps: { chatPageUrl: options.chat.chatPageUrl, defaultExpiryDays: options.chatTokens.defaultExpiryDays },
            },
          ],
          edit: {
            SaveButton: { path: clientComponent('ChatTokenSaveButton'), clientProps: { chatPageUrl: options.chat.chatPageUrl } },
          },
        },
  },
  access: { create: staffOnly, delete: staffOnly, read: staffOnly, update: staffOnly },
  fields: [
    // Drawn by generateChatToken on create; never written over the API.
    ...engineOnly([
      {
        // SHA-256 of the token; the plaintext is never stored. Hidden from the API and the admin.
        name: 'tokenHash',
        type: 'text',
        unique: true,
        hidden: true,
      },
      {
        name: 'tokenPrefix',
        type: 'text',
        label: 'Token',
        admin: { readOnly: true, condition: savedOnly, description: 'The start of the token, for recognising it.' },
      },
    ]),
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
    {
      name: 'provider',
      type: 'relationship',
      relationTo: options.usersCollection,
      required: true,
      index: true,
      // The creator, unless they pick someone else (a function default: no column default).
      defaultValue: ({ user }) => user?.id,
      admin: { description: 'The staff member customers reach through this link.' },
    },
    ...engineOnly([{ name: 'conversation', type: 'relationship', relationTo: options.slugs.conversations, admin: { readOnly: true, condition: savedOnly } }]),
    {
      name: 'expiresAt',
      type: 'date',
      index: true,
      // Offered in the create form; generateChatToken applies the same default to REST creates without one.
      defaultValue: () => new Date(Date.now() + options.chatTokens.defaultExpiryDays * dayMs).toISOString(),
      admin: { date: { pickerAppearance: 'dayAndTime' } },
    },
    { name: 'maxUses', type: 'number', min: 1, admin: { description: 'Empty for unlimited.' } },
    ...engineOnly([{ name: 'uses', type: 'number', defaultValue: 0, min: 0, admin: { readOnly: true, condition: savedOnly } }]),
    {
      name: 'status',
      type: 'select',
      virtual: true,
      options: chatTokenStatusOptions,
      admin: {
        readOnly: true,
        position: 'sidebar',
        description: 'From the revocation, expiry and use limit; not stored.',
        condition: savedOnly,
      },
      hooks: { afterRead: [computeStatus] },
    },
    // Switchboard admin UI (src/components): revoke with confirmation, or when it was revoked.
    ...(options.disabled
      ? []
      : [
          {
            name: 'revokeControl',
            type: 'ui' as const,
            admin: { position: 'sidebar' as const, components: { Field: clientComponent('ChatTokenRevoke') } },
          },
        ]),
    {
      name: 'revokedAt',
      type: 'date',
      admin: { readOnly: true, position: 'sidebar', condition: savedOnly, date: { pickerAppearance: 'dayAndTime' } },
      // Revoking is final: a revoked link is never switched back on (issue a new one instead).
      hooks: { beforeChange: [keepRevocation] },
    },
    ...engineOnly([
      { name: 'lastUsedAt', type: 'date', admin: { readOnly: true, position: 'sidebar', condition: savedOnly, date: { pickerAppearance: 'dayAndTime' } } },
    ]),
    { name: 'note', type: 'text' },
  ],
  hooks: options.disabled
    ? {}
    : {
        beforeChange: [generateChatToken(options.chatTokens.defaultExpiryDays)],
        afterChange: [returnPlaintextToken, endTokenSessions(options)],
        beforeDelete: [endTokenSessionsOnDelete(options)],
      },
})
