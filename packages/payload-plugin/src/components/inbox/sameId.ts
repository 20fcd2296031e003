import type { ID } from './types'

/** The same document: ids arrive as numbers from the API (Postgres) and as strings from the URL. */
export const sameId = (a: ID | undefined, b: ID | undefined): boolean => a !== undefined && b !== undefined && String(a) === String(b)
