import type { FieldHook } from 'payload'

/** `revokedAt` `beforeChange`: revoking is final; a revoked record is never switched back on. */
export const keepRevocation: FieldHook = ({ operation, originalDoc, value }) =>
  operation === 'update' && originalDoc?.revokedAt ? originalDoc.revokedAt : value
