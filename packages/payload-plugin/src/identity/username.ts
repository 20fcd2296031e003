/**
 * The one normalization of Telegram usernames used everywhere a username is stored or compared:
 * trim, accept `t.me/<name>` links, strip a leading `@`, lower-case. Empty input becomes `null`
 * so that "no username" never collides with another empty value under a unique index.
 */
export const normalizeTelegramUsername = (value: unknown): null | string => {
  if (typeof value !== 'string') return null
  const name = value
    .trim()
    .replace(/^(?:https?:\/\/)?(?:www\.)?t(?:elegram)?\.me\//i, '')
    .replace(/^@+/, '')
    .replace(/\/+$/, '')
    .toLowerCase()
  return name === '' ? null : name
}

/** Telegram's rule for usernames, stated the way a person reads it. */
export const telegramUsernameRule =
  'A Telegram username has 5–32 characters: letters a–z, digits and underscores, starting with a letter.'

const usernamePattern = /^[a-z][a-z0-9_]{4,31}$/

/** Field validation for a (normalized) Telegram username; empty is allowed. */
export const validateTelegramUsername = (value: null | string | undefined): string | true =>
  value === null || value === undefined || usernamePattern.test(value) || `"${value}" is not valid. ${telegramUsernameRule}`
