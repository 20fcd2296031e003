import type { Field } from 'payload'

const nobody = () => false

/**
 * Fields no API client may write, staff included: sync state, cursors, delivery state, secrets.
 * The engine writes them through the Local API with access overridden or through SQL, so an edit
 * form holding stale values (or a crafted request) can never move a cursor back or forge a state.
 * Looks through rows, collapsibles and groups.
 */
export const engineOnly = (fields: Field[]): Field[] =>
  fields.map((field): Field => {
    if (field.type === 'row' || field.type === 'collapsible') return { ...field, fields: engineOnly(field.fields) }
    if (field.type === 'ui') return field
    // Some field types (join, virtual) type `access` narrowly; the engine's fields are plain.
    return { ...field, access: { ...('access' in field ? field.access : {}), create: nobody, update: nobody } } as Field
  })
