/**
 * The SQL table Payload's postgres adapter creates for a collection slug (to-snake-case, as the
 * adapter does), for the few places that write SQL directly: bulk paths and aggregates.
 */
export const tableName = (slug: string): string =>
  slug
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .toLowerCase()
