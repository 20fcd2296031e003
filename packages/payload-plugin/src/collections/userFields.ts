import type { Field } from 'payload'

import { adminOnlyField } from '../access/rules'
import { roles } from '../access/roles'
import { engineOnly } from '../fields/engineOnly'
import { normalizeUsernameField } from '../hooks/normalizeUsernameField'
import { validateTelegramUsername } from '../identity/username'

/** Fields Switchboard adds to the host's auth collection (skipped where the host has one of the same name). */
export const userFields = (): Field[] => [
  {
    name: 'roles',
    type: 'select',
    hasMany: true,
    required: true,
    defaultValue: ['customer'],
    saveToJWT: true,
    options: roles.map((role) => ({ label: role[0]!.toUpperCase() + role.slice(1), value: role })),
    // Only admins grant roles; everyone else's writes to this field are dropped.
    access: { create: adminOnlyField, update: adminOnlyField },
    admin: { position: 'sidebar' },
  },
  { name: 'displayName', type: 'text' },
  {
    name: 'telegramUsername',
    type: 'text',
    unique: true,
    admin: {
      description: 'Telegram @username, without the @, as staff know it. Links Telegram accounts automatically; what a customer types about themselves is kept below as a claim.',
    },
    hooks: { beforeValidate: [normalizeUsernameField] },
    validate: validateTelegramUsername,
  },
  {
    name: 'telegramUsernameClaim',
    type: 'text',
    label: 'Telegram username (claimed)',
    admin: {
      readOnly: true,
      description: 'What the user says their Telegram username is. It links nothing until they verify on Telegram, or staff enter it above.',
    },
    hooks: { beforeValidate: [normalizeUsernameField] },
    validate: validateTelegramUsername,
  },
  // The pending one-time verification code: its SHA-256 and expiry (src/identity/verification.ts).
  ...engineOnly([
    { name: 'telegramVerificationHash', type: 'text', hidden: true, index: true },
    { name: 'telegramVerificationExpiresAt', type: 'date', hidden: true },
  ]),
  {
    name: 'accountType',
    type: 'select',
    defaultValue: 'person',
    options: [
      { label: 'Person', value: 'person' },
      { label: 'Company', value: 'company' },
    ],
  },
  { name: 'avatarUrl', type: 'text' },
  { name: 'phone', type: 'text' },
]
