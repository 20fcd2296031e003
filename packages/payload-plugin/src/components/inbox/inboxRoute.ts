/**
 * The inbox's addresses: `<admin>/inbox` for the list, `<admin>/inbox/<conversation>?message=<id>`
 * for a conversation and a message to show in it. No React here.
 */
import type { ID } from './types'

/** The admin route as a path prefix: Payload's `/` (admin at the root) becomes the empty prefix. */
export const adminPrefix = (adminRoute: string): string => (adminRoute === '/' ? '' : adminRoute)

export const inboxBasePath = (adminRoute: string): string => `${adminPrefix(adminRoute)}/inbox`

/** The list's address, or a conversation's (and a message in it). */
export const inboxHref = (basePath: string, conversationId?: ID, messageId?: ID): string =>
  conversationId === undefined
    ? basePath
    : `${basePath}/${encodeURIComponent(String(conversationId))}${messageId !== undefined ? `?message=${encodeURIComponent(String(messageId))}` : ''}`

/** The conversation a pathname under the inbox names, if any. */
export const conversationInPath = (pathname: string, basePath: string): string | undefined => {
  if (!pathname.startsWith(basePath)) return undefined
  const segment = pathname.slice(basePath.length).split('/').filter(Boolean)[0]
  return segment ? decodeURIComponent(segment) : undefined
}

/** One string for a conversation and message pair, to compare navigations by. */
export const routeKey = (conversationId?: string, messageId?: string): string => `${conversationId ?? ''}|${messageId ?? ''}`
