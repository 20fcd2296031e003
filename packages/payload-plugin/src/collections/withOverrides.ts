import type { CollectionConfig } from 'payload'

import type { CollectionOverride } from '../types'

type Hooks = NonNullable<CollectionConfig['hooks']>

/** Appends hooks from `extra` after those in `base`, per hook name; nothing is replaced. */
export const appendHooks = (base: Hooks = {}, extra: Hooks = {}): Hooks => {
  const merged: Record<string, unknown[]> = {}
  for (const source of [base, extra]) {
    for (const [name, list] of Object.entries(source)) {
      if (Array.isArray(list)) merged[name] = [...(merged[name] ?? []), ...list]
    }
  }
  return merged as Hooks
}

/** Applies a user's override to a plugin collection: fields through the callback, hooks appended, the rest merged. */
export const withOverrides = (
  collection: CollectionConfig,
  override: CollectionOverride | undefined,
): CollectionConfig => {
  if (!override) return collection
  const { fields, hooks, admin, access, ...rest } = override
  return {
    ...collection,
    ...rest,
    access: { ...collection.access, ...access },
    admin: { ...collection.admin, ...admin },
    fields: fields ? fields({ defaultFields: collection.fields }) : collection.fields,
    hooks: appendHooks(collection.hooks, hooks),
  }
}
