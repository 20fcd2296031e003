import type { Payload } from 'payload'

/** The largest id a `serial` (int4) id column holds. */
export const maxId = 2_147_483_647

/**
 * Whether `value` is an id an int4 column can be compared with: a whole number (or its digits)
 * within int4's range. PostgreSQL answers anything else with an error (a 500), not "no match".
 */
export const fitsIdColumn = (value: unknown): boolean => {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,10}$/.test(value.trim()) ? Number(value) : NaN
  return Number.isInteger(id) && id >= -maxId - 1 && id <= maxId
}

/** Whether a collection's ids are the adapter's `serial` integers (not uuids, not a custom id field). */
export const hasSerialIds = (payload: Payload, slug: string): boolean => {
  const collection = payload.collections[slug]
  return Boolean(collection) && !collection!.customIDType && (payload.db as unknown as { idType?: string }).idType === 'serial'
}
