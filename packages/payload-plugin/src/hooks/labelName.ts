import type { CollectionBeforeChangeHook, TextFieldSingleValidation } from 'payload'

import type { Label } from '../payload-types'

export const labelNameKey = (name: string): string => name.trim().toLowerCase()

/** Keeps the hidden, uniquely indexed `nameKey` in step with `name`. */
export const setLabelNameKey: CollectionBeforeChangeHook<Label> = ({ data }) =>
  typeof data.name === 'string' ? { ...data, name: data.name.trim(), nameKey: labelNameKey(data.name) } : data

/** A readable error before the unique index would refuse a case-insensitive duplicate. */
export const uniqueLabelName =
  (slug: string): TextFieldSingleValidation =>
  async (value, { id, req }) => {
    if (typeof value !== 'string' || value.trim() === '') return 'A label needs a name.'
    const { totalDocs } = await req.payload.count({
      collection: slug,
      req,
      where: {
        and: [{ nameKey: { equals: labelNameKey(value) } }, ...(id ? [{ id: { not_equals: id } }] : [])],
      },
    })
    return totalDocs === 0 || `A label named "${value.trim()}" already exists (names ignore case).`
  }
