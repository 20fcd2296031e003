import type { CollectionConfig } from 'payload'

/** The host app's auth collection. Switchboard adds its fields, access and hooks to it. */
export const Users: CollectionConfig = {
  slug: 'users',
  auth: true,
  fields: [],
}
