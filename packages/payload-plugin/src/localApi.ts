import type { File, Payload, PayloadRequest, SelectType, Sort, Where } from 'payload'

import type { SwitchboardDocuments } from './documents'
import type { ResolvedSwitchboardOptions, SwitchboardCollectionKey } from './types'

export type Id = number | string

/**
 * How Switchboard reads records itself, after its own access decision: depth 0, access
 * overridden, in the caller's transaction. `null` when the record does not exist.
 */
export const findDoc = (req: PayloadRequest, collection: string, id: Id, select?: SelectType) =>
  req.payload.findByID({ collection, id, depth: 0, disableErrors: true, overrideAccess: true, req, select })

/** The first record matching `where`, read the same way, or `undefined`. */
export const findFirst = async (req: PayloadRequest, collection: string, where: Where) =>
  (await req.payload.find({ collection, depth: 0, limit: 1, overrideAccess: true, req, where })).docs[0]

/**
 * A record of one of Switchboard's own collections (`key` as in `slugs`), all fields included,
 * typed as stored (depth 0: relationships are ids). `null` when it does not exist.
 */
export const findOwnDoc = async <K extends SwitchboardCollectionKey>(
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  key: K,
  id: Id,
  req?: PayloadRequest,
): Promise<null | SwitchboardDocuments[K]> =>
  (await payload.findByID({ collection: options.slugs[key], id, depth: 0, disableErrors: true, overrideAccess: true, req, showHiddenFields: true })) as null | SwitchboardDocuments[K]

/** Up to `limit` records of one of Switchboard's own collections matching `where`, in `sort` order, typed as `findOwnDoc`. */
export const findOwnDocs = async <K extends SwitchboardCollectionKey>(
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  key: K,
  where: Where,
  { limit, req, sort }: { limit: number; req?: PayloadRequest; sort?: Sort },
): Promise<SwitchboardDocuments[K][]> =>
  (await payload.find({ collection: options.slugs[key], depth: 0, limit, overrideAccess: true, pagination: false, req, showHiddenFields: true, sort, where })).docs as SwitchboardDocuments[K][]

/**
 * Creates a record of one of Switchboard's own collections after Switchboard's own access
 * decision: depth 0, access overridden, in the caller's transaction; returned typed as stored.
 */
export const createOwnDoc = async <K extends SwitchboardCollectionKey>(
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  key: K,
  data: Record<string, unknown>,
  file?: File,
): Promise<SwitchboardDocuments[K]> =>
  (await req.payload.create({ collection: options.slugs[key], data, depth: 0, file, overrideAccess: true, req })) as SwitchboardDocuments[K]

/** The id of a relationship value, whether Payload returned it populated or as an id. */
export const relationId = (value: unknown): Id | undefined => {
  const id = typeof value === 'object' && value !== null && 'id' in value ? (value as { id: unknown }).id : value
  return typeof id === 'number' || typeof id === 'string' ? id : undefined
}
