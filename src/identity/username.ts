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
