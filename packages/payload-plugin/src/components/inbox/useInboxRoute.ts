'use client'

import { usePathname, useSearchParams } from 'next/navigation'
import { useCallback, useEffect, useRef, useState } from 'react'

import type { ID } from './types'

import { conversationInPath, inboxBasePath, inboxHref, routeKey } from './inboxRoute'

export interface Selection {
  conversationId?: string
  messageId?: string
  /** Changes on every request to show a message, so opening the same one twice jumps again. */
  nonce: number
}

export interface InboxRoute {
  selection: Selection
  hrefFor: (conversationId?: ID, messageId?: ID) => string
  /** Selects a conversation (and a message in it), or the list alone, and puts it in the URL. */
  navigate: (conversationId?: ID, messageId?: ID) => void
}

/**
 * The selected conversation, kept in the URL so it can be shared: follows back/forward, and
 * navigates without remounting the inbox.
 */
export const useInboxRoute = (adminRoute: string): InboxRoute => {
  const pathname = usePathname()
  const searchParams = useSearchParams()
  const basePath = inboxBasePath(adminRoute)
  const hrefFor = useCallback((conversationId?: ID, messageId?: ID) => inboxHref(basePath, conversationId, messageId), [basePath])

  const routeConversation = conversationInPath(pathname, basePath)
  const routeMessage = searchParams.get('message') ?? undefined
  const currentKey = routeKey(routeConversation, routeMessage)
  const [selection, setSelection] = useState<Selection>({ conversationId: routeConversation, messageId: routeMessage, nonce: 0 })
  const pushedKey = useRef<string | undefined>(undefined)

  useEffect(() => {
    // Our own navigation arriving: the selection already shows it. Anything else (back/forward): follow the URL.
    if (pushedKey.current !== undefined) {
      if (pushedKey.current === currentKey) pushedKey.current = undefined
      return
    }
    setSelection((current) =>
      current.conversationId === routeConversation && current.messageId === routeMessage
        ? current
        : { conversationId: routeConversation, messageId: routeMessage, nonce: current.nonce + 1 },
    )
  }, [routeConversation, currentKey, routeMessage])

  const navigate = useCallback(
    (conversationId?: ID, messageId?: ID) => {
      const next = {
        conversationId: conversationId === undefined ? undefined : String(conversationId),
        messageId: messageId === undefined ? undefined : String(messageId),
      }
      setSelection((current) => ({ ...next, nonce: current.nonce + 1 }))
      const key = routeKey(next.conversationId, next.messageId)
      const href = hrefFor(conversationId, messageId)
      // Compared with the address bar, not with Next's route: after a pushState the route follows
      // later (much later on a busy machine), and going back meanwhile must still push.
      if (href === window.location.pathname + window.location.search) return
      pushedKey.current = key
      // If the navigation never lands, stop waiting for it so back/forward keep working.
      setTimeout(() => {
        if (pushedKey.current === key) pushedKey.current = undefined
      }, 5_000)
      // Through the History API, which Next's router follows (usePathname/useSearchParams update):
      // `router.push` would render the page anew for the new segment and remount the inbox,
      // dropping the filters, the loaded list and the live connection on every click.
      window.history.pushState(null, '', href)
    },
    [hrefFor],
  )

  return { selection, hrefFor, navigate }
}
