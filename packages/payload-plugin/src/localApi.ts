import type { PayloadRequest, SelectType, Where } from 'payload'

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

/** The id of a relationship value, whether Payload returned it populated or as an id. */
export const relationId = (value: unknown): Id | undefined => {
  const id = typeof value === 'object' && value !== null && 'id' in value ? (value as { id: unknown }).id : value
  return typeof id === 'number' || typeof id === 'string' ? id : undefined
}
