import type { FieldHook } from 'payload'

const shape = /^[a-z0-9_-]{1,32}$/

/** A canned reply's shortcut is stored without the leading `/`, lower-case; empty means none. */
export const normalizeShortcut: FieldHook = ({ value }) => {
  if (typeof value !== 'string') return value
  const trimmed = value.trim().replace(/^\/+/, '').toLowerCase()
  return trimmed || null
}

export const validateShortcut = (value: null | string | undefined): string | true =>
  value === null || value === undefined || value === '' || shape.test(value)
    ? true
    : 'A shortcut is 1–32 letters, digits, "-" or "_" (no spaces), e.g. "refund".'
