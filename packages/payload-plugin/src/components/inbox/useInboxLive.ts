'use client'

import { useCallback, useEffect, useRef } from 'react'

import type { LiveListener } from './Thread'
import type { ID, LiveEvent } from './types'

import { type LiveStatus, useLiveEvents } from './useLiveEvents'
import { conversationsChangedEvent } from './useMyOpenCount'

/** Without live updates, the list and the open thread are reloaded this often. */
const pollMs = 20_000

export interface InboxLiveOptions {
  eventsUrl: string | undefined
  /** Reloads the list once the burst of events has settled. */
  refreshSoon: () => void
  onTyping: (conversationId: ID) => void
  /** A customer's message (not a note, not staff's) arrived. */
  onCustomerMessage: (data: LiveEvent['data']) => void
}

export interface InboxLive {
  status: LiveStatus
  /** For the open thread: its events, and a reload after the connection comes back. */
  subscribe: (listener: LiveListener) => () => void
}

/**
 * The inbox's live updates: events go to the open thread and reload the list (and the nav's
 * count); offline, both are polled instead.
 */
export const useInboxLive = ({ eventsUrl, refreshSoon, onTyping, onCustomerMessage }: InboxLiveOptions): InboxLive => {
  const listeners = useRef(new Set<LiveListener>())
  const subscribe = useCallback((listener: LiveListener) => {
    listeners.current.add(listener)
    return () => {
      listeners.current.delete(listener)
    }
  }, [])

  const onLiveEvent = useCallback(
    (event: LiveEvent) => {
      for (const listener of listeners.current) listener.onEvent(event)
      refreshSoon()
      // The nav's count listens to this page's stream through the inbox.
      window.dispatchEvent(new Event(conversationsChangedEvent))
      const { data } = event
      if (event.event !== 'message' || data.direction !== 'in' || data.note) return
      onCustomerMessage(data)
    },
    [onCustomerMessage, refreshSoon],
  )
  const onResume = useCallback(() => {
    for (const listener of listeners.current) listener.onResume()
    refreshSoon()
    window.dispatchEvent(new Event(conversationsChangedEvent))
  }, [refreshSoon])
  const status = useLiveEvents(eventsUrl, onLiveEvent, onResume, onTyping)

  useEffect(() => {
    if (status !== 'offline') return
    const timer = setInterval(onResume, pollMs)
    return () => clearInterval(timer)
  }, [status, onResume])

  return { status, subscribe }
}
