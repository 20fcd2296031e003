import type { PayloadRequest } from 'payload'

export const roles = ['admin', 'staff', 'editor', 'customer'] as const
export type Role = (typeof roles)[number]

/** A logged-in user, or any stored user document (roles are read the same way). */
type MaybeUser = PayloadRequest['user'] | undefined | Record<string, unknown>

/** The roles of a logged-in user; empty for anonymous requests and users without roles. */
export const rolesOf = (user: MaybeUser): readonly Role[] => {
  const value = (user as { roles?: unknown } | null | undefined)?.roles
  return Array.isArray(value) ? (value.filter((r) => roles.includes(r as Role)) as Role[]) : []
}

export const hasRole = (user: MaybeUser, ...wanted: Role[]): boolean =>
  rolesOf(user).some((role) => wanted.includes(role))

/** Staff answer conversations; admins can do everything staff can. */
export const isStaff = (user: MaybeUser): boolean => hasRole(user, 'admin', 'staff')

export const isAdmin = (user: MaybeUser): boolean => hasRole(user, 'admin')
