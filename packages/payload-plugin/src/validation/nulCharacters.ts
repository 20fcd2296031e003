/**
 * PostgreSQL text cannot hold the NUL character (`\u0000`): a value with one fails deep in the
 * database with a 500. Switchboard refuses such input up front instead, with a 400 naming where
 * the character is.
 */
export const hasNul = (text: string): boolean => text.includes('\u0000')

/**
 * The path (`text`, `participants.0.value`) of the first string, or object key, in `value` that
 * contains a NUL character; `undefined` when there is none.
 */
export const findNul = (value: unknown, path = ''): string | undefined => {
  if (typeof value === 'string') return hasNul(value) ? path || '(the value)' : undefined
  if (typeof value !== 'object' || value === null) return undefined
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key
    if (hasNul(key)) return childPath
    const found = findNul(child, childPath)
    if (found) return found
  }
  return undefined
}
