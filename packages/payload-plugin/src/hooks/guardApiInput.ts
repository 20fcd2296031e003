import { APIError, type CollectionBeforeOperationHook, type FlattenedField, NotFound, type Payload, ValidationError, type Where } from 'payload'

import { findNul } from '../validation/nulCharacters'
import { fitsIdColumn, hasSerialIds } from '../validation/ids'

/** Comparison operators whose values are compared with an id column. */
const idOperators = new Set(['all', 'equals', 'greater_than', 'greater_than_equal', 'in', 'less_than', 'less_than_equal', 'not_equals', 'not_in'])
/** Operators Payload also accepts as one comma-separated string. */
const listOperators = new Set(['all', 'in', 'not_in'])

const targets = (relationTo: string | string[]): string[] => (Array.isArray(relationTo) ? relationTo : [relationTo])

/** The id inside a relationship value: `5`, `{ relationTo, value: 5 }` or a populated `{ id: 5 }`. */
const idOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? ((value as { value?: unknown }).value ?? (value as { id?: unknown }).id) : value

/**
 * Whether a `where` path ends at an id column of a collection with serial ids: `id`, a
 * relationship (`conversation`, `sender.value`), or an id reached through one (`conversation.customer`).
 */
const isIdPath = (payload: Payload, fields: FlattenedField[], segments: string[], serial: boolean): boolean => {
  const [head, ...rest] = segments
  if (head === 'id') return rest.length === 0 && serial
  const field = fields.find((candidate) => 'name' in candidate && candidate.name === head)
  if (!field) return false
  if (field.type === 'relationship' || field.type === 'upload') {
    const serialTargets = targets(field.relationTo).every((slug) => hasSerialIds(payload, slug))
    if (rest.length === 0 || (rest.length === 1 && (rest[0] === 'value' || rest[0] === 'id'))) return serialTargets
    if (Array.isArray(field.relationTo)) return false
    const related = payload.collections[field.relationTo]?.config
    return related ? isIdPath(payload, related.flattenedFields, rest, hasSerialIds(payload, related.slug)) : false
  }
  if (field.type === 'group' || field.type === 'array' || field.type === 'tab') return isIdPath(payload, field.flattenedFields, rest, false)
  return false
}

/** The first `where` path (with its operator) that compares an id column with something that is not an id. */
const badIdInWhere = (payload: Payload, fields: FlattenedField[], serial: boolean, where: Where): string | undefined => {
  for (const [path, condition] of Object.entries(where)) {
    if ((path === 'and' || path === 'or') && Array.isArray(condition)) {
      for (const nested of condition as Where[]) {
        const found = badIdInWhere(payload, fields, serial, nested)
        if (found) return found
      }
      continue
    }
    if (typeof condition !== 'object' || condition === null || !isIdPath(payload, fields, path.split('.'), serial)) continue
    for (const [operator, operand] of Object.entries(condition)) {
      if (!idOperators.has(operator) || operand === null || operand === undefined) continue
      const values = Array.isArray(operand) ? operand : listOperators.has(operator) && typeof operand === 'string' ? operand.split(',') : [operand]
      // One empty value (a filter row left blank in the admin) is Payload's to interpret; an empty list item is not an id.
      const blank = (value: unknown) => !listOperators.has(operator) && idOf(value) === ''
      if (values.some((value) => !blank(value) && !fitsIdColumn(idOf(value)))) return `${path} ${operator}`
    }
  }
  return undefined
}

/** The path of the first relationship value in `data` that no serial id column can hold. */
const badIdInData = (payload: Payload, fields: FlattenedField[], data: unknown, prefix = ''): string | undefined => {
  if (typeof data !== 'object' || data === null) return undefined
  for (const field of fields) {
    if (!('name' in field)) continue
    const value = (data as Record<string, unknown>)[field.name]
    if (value === undefined || value === null) continue
    const path = `${prefix}${field.name}`
    if (field.type === 'relationship' || field.type === 'upload') {
      const items = Array.isArray(value) ? value : [value]
      const bad = items.findIndex((item) => {
        const slug = Array.isArray(field.relationTo) ? (item as { relationTo?: string } | null)?.relationTo : field.relationTo
        return typeof slug === 'string' && hasSerialIds(payload, slug) && !fitsIdColumn(idOf(item))
      })
      if (bad >= 0) return Array.isArray(value) ? `${path}.${bad}` : path
    } else if (field.type === 'group' || field.type === 'tab') {
      const found = badIdInData(payload, field.flattenedFields, value, `${path}.`)
      if (found) return found
    } else if (field.type === 'array' && Array.isArray(value)) {
      for (const [index, row] of value.entries()) {
        const found = badIdInData(payload, field.flattenedFields, row, `${path}.${index}.`)
        if (found) return found
      }
    } else if (field.type === 'blocks' && Array.isArray(value)) {
      for (const [index, row] of value.entries()) {
        const block = field.blocks.find((candidate) => candidate.slug === (row as { blockType?: unknown })?.blockType)
        const found = block ? badIdInData(payload, block.flattenedFields, row, `${path}.${index}.`) : undefined
        if (found) return found
      }
    }
  }
  return undefined
}

/**
 * `beforeOperation` on Switchboard's collections (and the users it extends): input PostgreSQL
 * would refuse with an error — a 500 — is refused first, with a 4xx that names it, before
 * anything is read or written:
 * - a document id that is not a whole number in the id column's range (`/api/<slug>/99999999999`): 404;
 * - a NUL character (`\u0000`) anywhere in the data: 400 naming the field;
 * - a relationship value that is not such an id: 400 naming the field;
 * - a `where` comparing an id or relationship with something else, or with a NUL character: 400;
 * - over REST and GraphQL, data larger than `maxBodyBytes`: 413. (Payload has read the body by
 *   then; put a size limit in the proxy too, see docs/operations.md.)
 */
export const guardApiInput =
  (maxBodyBytes: number): CollectionBeforeOperationHook =>
  ({ args, collection, req }) => {
    const { payload } = req
    const serial = hasSerialIds(payload, collection.slug)
    const { data, id, where } = args as { data?: unknown; id?: unknown; where?: Where }

    if (id !== undefined && id !== null && serial && !fitsIdColumn(id)) throw new NotFound(req.t)

    if (data !== undefined && req.payloadAPI !== 'local') {
      const size = Math.max(Number(req.headers?.get('content-length') ?? 0), Buffer.byteLength(JSON.stringify(data) ?? ''))
      if (size > maxBodyBytes) throw new APIError(`The request body is larger than ${maxBodyBytes} bytes, the most this collection accepts.`, 413)
    }
    const nulIn = findNul(data)
    if (nulIn) {
      throw new ValidationError({
        collection: collection.slug,
        errors: [{ path: nulIn, message: 'This text contains a NUL character (\\u0000), which cannot be stored. Remove it.' }],
        req,
      })
    }
    const badId = badIdInData(payload, collection.flattenedFields, data)
    if (badId) {
      throw new ValidationError({ collection: collection.slug, errors: [{ path: badId, message: 'This is not the id of a document.' }], req })
    }

    if (where) {
      const nulInWhere = findNul(where)
      if (nulInWhere) throw new APIError(`The query "${nulInWhere}" contains a NUL character (%00); remove it.`, 400)
      const badIdWhere = badIdInWhere(payload, collection.flattenedFields, serial, where)
      if (badIdWhere) throw new APIError(`The query "${badIdWhere}" must compare with ids: whole numbers of at most 10 digits.`, 400)
    }
    return args
  }
