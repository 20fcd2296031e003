import type { Field } from 'payload'

import { adminOnlyField } from '../access/rules'
import { hasRole, roles } from '../access/roles'
import { engineOnly } from '../fields/engineOnly'
import { normalizeUsernameField } from '../hooks/normalizeUsernameField'
import { validateTelegramUsername } from '../identity/username'

const teamField = ({ req }: { req: { user?: unknown } }) => hasRole(req.user as never, 'admin', 'staff', 'editor')

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
  {
    // Staff taking new conversations when automatic assignment is on (`assignment.autoAssign`).
    name: 'isAvailable',
    type: 'checkbox',
    defaultValue: false,
    label: 'Available for new conversations',
    access: { read: teamField, update: teamField },
    admin: { position: 'sidebar', condition: (data) => Array.isArray(data?.roles) && data.roles.some((r: string) => r === 'admin' || r === 'staff') },
  },
  // Round-robin position: when this user was last given a conversation automatically.
  ...engineOnly([{ name: 'lastAutoAssignedAt', type: 'date', hidden: true }]),
  { name: 'phone', type: 'text' },
]
