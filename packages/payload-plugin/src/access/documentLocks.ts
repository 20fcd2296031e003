import type { Payload } from 'payload'

import { staffOnly, teamMembers } from './rules'

const lockedDocumentsSlug = 'payload-locked-documents'

/**
 * Payload adds `payload-locked-documents` while sanitizing the config (after plugins run) and
 * lets any logged-in user create, update and delete locks: a customer could lock a conversation
 * they cannot even read and hold staff off it with 423s. Once Payload is up, its access becomes:
 * the team reads locks (the admin shows who is editing), staff write them, nobody else.
 */
export const restrictDocumentLocks = (payload: Payload): void => {
  const access = payload.collections[lockedDocumentsSlug]?.config.access
  if (!access) return
  Object.assign(access, { create: staffOnly, delete: staffOnly, read: teamMembers, update: staffOnly })
}
