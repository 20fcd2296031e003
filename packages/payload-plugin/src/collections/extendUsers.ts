import type { CollectionConfig, Field } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { hasRole, isAdmin, isStaff } from '../access/roles'
import { searchAuthStrategy } from '../access/searchAuthStrategy'
import { assignFirstUserAdmin } from '../hooks/assignFirstUserAdmin'
import { autoLinkUser, unlinkDeletedUser } from '../hooks/autoLinkUser'
import { keepUsernameClaims } from '../hooks/keepUsernameClaims'
import { guardApiInput } from '../hooks/guardApiInput'
import { limitRegistrations } from '../hooks/limitRegistrations'
import { queueUserStreamSync } from '../hooks/queueStreamSync'
import { userFields } from './userFields'
import { appendHooks } from './withOverrides'
import { clientComponent } from '../constants'

const fieldName = (field: Field): string | undefined => ('name' in field ? field.name : undefined)

/**
 * Adds Switchboard's fields, access and hooks to the host's auth collection. Host settings win:
 * an access function or a field the host already defines is kept as it is.
 */
export const extendUsers = (users: CollectionConfig, options: ResolvedSwitchboardOptions): CollectionConfig => {
  if (!users.auth) {
    throw new Error(`switchboardPlugin: collection "${users.slug}" is not an auth collection; set usersCollection to your users slug.`)
  }
  const existing = new Set(users.fields.map(fieldName))
  const auth = users.auth === true ? {} : users.auth
  // The search checks roles in SQL on Switchboard's own roles table (db/search.ts): not with a host's own roles field or table names.
  const searchAuth = !options.disabled && !existing.has('roles') && !users.dbName && !auth.disableLocalStrategy
  return {
    ...users,
    auth: searchAuth ? { ...auth, strategies: [searchAuthStrategy(users.slug), ...(auth.strategies ?? [])] } : users.auth,
    admin: { useAsTitle: 'email', defaultColumns: ['email', 'displayName', 'roles', 'telegramUsername'], ...users.admin },
    access: {
      // The admin panel is for the team; customers use the widget.
      admin: ({ req }) => hasRole(req.user, 'admin', 'staff', 'editor'),
      // Self-registration is open; the roles field's access forces new users to `customer`.
      create: () => true,
      delete: ({ req }) => isAdmin(req.user),
      read: ({ req }) => (isStaff(req.user) ? true : req.user ? { id: { equals: req.user.id } } : false),
      update: ({ req }) => (isAdmin(req.user) ? true : req.user ? { id: { equals: req.user.id } } : false),
      ...users.access,
    },
    fields: [
      ...users.fields,
      ...userFields().filter((field) => !existing.has(fieldName(field))),
      // Switchboard admin UI (src/components): linked Telegram accounts and the conversations the user sees.
      ...(options.disabled
        ? []
        : [
            {
              name: 'telegramLinks',
              type: 'ui' as const,
              admin: {
                components: {
                  Field: {
                    path: clientComponent('LinkedTelegramAccounts'),
                    clientProps: { telegramUsersCollection: options.slugs.telegramUsers, conversationsCollection: options.slugs.conversations },
                  },
                },
              },
            },
          ]),
    ],
    hooks: appendHooks(users.hooks, {
      // Kept when disabled: without it a fresh install would have no one who can log in.
      beforeChange: [assignFirstUserAdmin],
      // Kept when disabled too: a customer's word is never what the linking rule trusts.
      beforeValidate: [keepUsernameClaims],
      // The input guard stays too: it only refuses what would fail in the database.
      beforeOperation: [guardApiInput(options.maxBodyBytes), ...(options.disabled ? [] : [limitRegistrations(options)])],
      ...(options.disabled
        ? {}
        : {
            afterChange: [autoLinkUser(options), ...(options.stream ? [queueUserStreamSync(options, options.stream)] : [])],
            beforeDelete: [unlinkDeletedUser(options)],
          }),
    }),
  }
}
