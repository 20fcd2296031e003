import type { Field, FieldAccess } from 'payload'

/**
 * Adds field-level `update` access to every data field except the named ones, looking through
 * rows, collapsibles and tabs. A field's own `update` access wins (engine-only fields stay
 * unwritable for everyone). Fields denied by access are dropped from the write, not rejected,
 * which is how Payload treats read-only fields in the admin as well.
 */
export const restrictFields = (
  fields: Field[],
  { except, update }: { except: string[]; update: FieldAccess },
): Field[] =>
  fields.map((field): Field => {
    if (field.type === 'row' || field.type === 'collapsible')
      return { ...field, fields: restrictFields(field.fields, { except, update }) }
    if (field.type === 'tabs')
      return {
        ...field,
        tabs: field.tabs.map((tab) => ({ ...tab, fields: restrictFields(tab.fields, { except, update }) })),
      }
    if (!('name' in field) || field.type === 'ui' || except.includes(field.name)) return field
    // Some field types (join, virtual) type `access` narrowly; the conversation's fields are plain.
    return { ...field, access: { update, ...field.access } } as Field
  })
