import type { CollectionBeforeChangeHook } from 'payload'

/**
 * The first account ever created (Payload's first-register screen) becomes an admin; everyone
 * after that gets what the `roles` field's access allows (customer by default).
 */
export const assignFirstUserAdmin: CollectionBeforeChangeHook = async ({
  collection,
  data,
  operation,
  req,
}) => {
  if (operation !== 'create') return data
  const { totalDocs } = await req.payload.count({ collection: collection.slug, req })
  if (totalDocs === 0) return { ...data, roles: ['admin'] }
  return data
}
