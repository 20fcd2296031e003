/** Chat tokens as the admin components handle them: the API's shapes, the link, the expiry. No React here. */

/** A chat token as the REST API returns it; `token` only in the create response. */
export interface ChatTokenDoc {
  id: number | string
  expiresAt?: null | string
  kind?: 'personal' | 'public'
  maxUses?: null | number
  revokedAt?: null | string
  status?: 'active' | 'expired' | 'revoked' | 'used-up'
  token?: string
  tokenPrefix?: null | string
  uses?: null | number
}

/** Payload's create/update answer. */
export interface DocResponse<T> {
  doc: T
  message?: string
}

/**
 * The link a customer opens: `<chatPageUrl>?token=…`, made absolute against this admin's origin
 * when `chatPageUrl` is relative (the default `/chat-demo` is served by the app itself).
 */
export const chatLinkFor = (chatPageUrl: string, token: string, origin: string): string => {
  const url = new URL(chatPageUrl || '/', origin)
  url.searchParams.set('token', token)
  return url.toString()
}

/** Fields of a chat token the server sets itself; never sent from the admin. */
export const serverManagedFields = ['conversation', 'lastUsedAt', 'revokedAt', 'status', 'token', 'tokenHash', 'tokenPrefix', 'uses']

/** `YYYY-MM-DDTHH:mm` in local time, as `<input type="datetime-local">` reads and writes it. */
export const localDateTimeValue = (date: Date): string => {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

const dayMs = 24 * 60 * 60 * 1000

export const defaultExpiry = (days: number, now: Date = new Date()): Date => new Date(now.getTime() + days * dayMs)
