import type { Access, FieldAccess, PayloadRequest } from 'payload'

import { hasRole, isAdmin, isStaff } from './roles'

/** Admins and staff. */
export const staffOnly: Access = ({ req }) => isStaff(req.user)

/** Admins and editors: label management. */
export const labelManagers: Access = ({ req }) => hasRole(req.user, 'admin', 'editor')

/** Everyone who works in the admin panel. */
export const teamMembers: Access = ({ req }) => hasRole(req.user, 'admin', 'staff', 'editor')

/** Nobody through the API; trusted code uses the Local API with `overrideAccess`. */
export const nobody: Access = () => false

export const adminOnlyField: FieldAccess = ({ req }) => isAdmin(req.user)

export const staffOnlyField: FieldAccess = ({ req }) => isStaff(req.user)

/** Everyone who works in the admin panel, as field access (what customers must not read). */
export const teamMemberField: FieldAccess = ({ req }) => hasRole(req.user, 'admin', 'staff', 'editor')

/** Admins only, as a plain boolean (what `jobs.access` takes). */
export const adminRequest = ({ req }: { req: PayloadRequest }): boolean => isAdmin(req.user)
