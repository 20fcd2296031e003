import type { CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { staffOnly } from '../access/rules'
import { bigintNumber } from '../fields/bigintNumber'
import { engineOnly } from '../fields/engineOnly'
import { clientComponent } from '../constants'

export const telegramAccountsCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.telegramAccounts,
  admin: {
    group: options.adminGroup,
    useAsTitle: 'name',
    defaultColumns: ['name', 'kind', 'status', 'owner', 'connectedAt'],
  },
  access: { create: staffOnly, delete: staffOnly, read: staffOnly, update: staffOnly },
  fields: [
    // Switchboard admin UI (src/components/telegram): status, progress, re-login and "sync all".
    ...(options.disabled
      ? []
      : [
          {
            name: 'syncPanel',
            type: 'ui' as const,
            admin: {
              components: {
                Field: { path: clientComponent('AccountSyncPanel'), clientProps: { conversationsSlug: options.slugs.conversations } },
              },
            },
          },
        ]),
    { name: 'name', type: 'text', required: true, admin: { description: 'How staff recognise this account.' } },
    {
      name: 'kind',
      type: 'select',
      required: true,
      defaultValue: 'user',
      options: [
        { label: 'User account (MTProto)', value: 'user' },
        { label: 'Bot (listener only)', value: 'bot' },
      ],
    },
    { name: 'phone', type: 'text', admin: { condition: (data) => data?.kind !== 'bot' } },
    { name: 'botUsername', type: 'text', admin: { condition: (data) => data?.kind === 'bot' } },
    { name: 'owner', type: 'relationship', relationTo: options.usersCollection },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'needs-login',
      index: true,
      options: [
        { label: 'Connected', value: 'connected' },
        { label: 'Needs login', value: 'needs-login' },
        { label: 'Disabled', value: 'disabled' },
      ],
    },
    // Everything below is kept by the login flow, the worker and the sync engine.
    ...engineOnly([
      {
        // AES-256-GCM ciphertext of the GramJS session string. Hidden: never in the API or admin.
        name: 'session',
        type: 'text',
        hidden: true,
      },
      {
        // Sealed like the session: the half-finished login (pending session, code hash) between steps.
        name: 'loginState',
        type: 'text',
        hidden: true,
      },
      { name: 'connectedAt', type: 'date', admin: { readOnly: true } },
      // The Telegram user the account is logged in as (known from the login on, before any sync).
      bigintNumber({ name: 'telegramId', label: 'Telegram user ID', index: true, admin: { readOnly: true } }),
      {
        name: 'telegramUser',
        type: 'relationship',
        relationTo: options.slugs.telegramUsers,
        admin: { readOnly: true, description: 'The Telegram user this account is logged in as.' },
      },
      {
        type: 'row',
        fields: [
          { name: 'lastDiscoveryAt', type: 'date', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
          { name: 'dialogCount', type: 'number', admin: { readOnly: true } },
        ],
      },
      { name: 'lastError', type: 'textarea', admin: { readOnly: true } },
      {
        type: 'row',
        fields: [
          {
            // The worker's listener for this account, as last reported by the worker holding its lease.
            name: 'listenerState',
            type: 'select',
            defaultValue: 'stopped',
            options: ['stopped', 'connecting', 'listening', 'reconnecting'].map((value) => ({ label: value, value })),
            admin: { readOnly: true },
          },
          { name: 'lastUpdateAt', type: 'date', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' }, description: 'Last update received from Telegram.' } },
        ],
      },
      {
        // Telegram's update state, persisted as updates arrive so catch-up resumes after downtime.
        name: 'updateState',
        type: 'group',
        admin: { readOnly: true },
        fields: [
          { name: 'pts', type: 'number' },
          { name: 'qts', type: 'number' },
          { name: 'date', type: 'number' },
          { name: 'channelPts', type: 'json', admin: { description: 'Per-channel pts, keyed by channel id.' } },
        ],
      },
    ]),
  ],
})
