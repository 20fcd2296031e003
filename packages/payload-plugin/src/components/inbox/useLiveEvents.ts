'use client'

import { useEffect, useRef, useState } from 'react'

import type { ID, LiveEvent, LiveEventName, LiveMessageEvent } from './types'

export type LiveStatus = 'connecting' | 'live' | 'offline'

const eventNames: LiveEventName[] = ['message', 'message-updated', 'message-deleted']
const maxRetryMs = 60_000

/**
 * Follows `GET /api/switchboard/events` (Server-Sent Events, cookie auth). The browser reconnects
 * by itself after a dropped connection; when the server refuses or is missing, this reconnects
 * with backoff. `onResume` runs on every (re)connection after the first, so callers can reload
 * what they may have missed. Without a `url` it connects nowhere (status `offline`).
 */
export const useLiveEvents = (
  url: string | undefined,
  onEvent: (event: LiveEvent) => void,
  onResume: () => void,
  /** A customer is typing in this conversation (`typing`: ephemeral, never replayed). */
  onTyping?: (conversationId: ID) => void,
): LiveStatus => {
  const [status, setStatus] = useState<LiveStatus>('connecting')
  const onEventRef = useRef(onEvent)
  const onResumeRef = useRef(onResume)
  const onTypingRef = useRef(onTyping)
  onEventRef.current = onEvent
  onResumeRef.current = onResume
  onTypingRef.current = onTyping

  useEffect(() => {
    if (typeof EventSource === 'undefined' || !url) {
      setStatus('offline')
      return
    }
    let source: EventSource | undefined
    let retry: ReturnType<typeof setTimeout> | undefined
    let attempt = 0
    let opened = false
    let disposed = false

    const connect = () => {
      if (disposed) return
      setStatus('connecting')
      const current = new EventSource(url, { withCredentials: true })
      source = current
      current.onopen = () => {
        attempt = 0
        setStatus('live')
        if (opened) onResumeRef.current()
        opened = true
      }
      for (const name of eventNames) {
        current.addEventListener(name, (event) => {
          let data: LiveMessageEvent
          try {
            data = JSON.parse((event as MessageEvent<string>).data) as LiveMessageEvent
          } catch {
            return
          }
          if (data && data.id !== undefined && data.conversationId !== undefined) onEventRef.current({ event: name, data })
        })
      }
      current.addEventListener('typing', (event) => {
        try {
          const data = JSON.parse((event as MessageEvent<string>).data) as { conversationId?: ID }
          if (data?.conversationId !== undefined) onTypingRef.current?.(data.conversationId)
        } catch {
          // Not a typing signal.
        }
      })
      current.onerror = () => {
        if (current.readyState === EventSource.CLOSED) {
          // Refused (4xx/5xx, wrong content type): the browser gives up, so retry later ourselves.
          current.close()
          setStatus('offline')
          retry = setTimeout(connect, Math.min(maxRetryMs, 2_000 * 2 ** attempt))
          attempt += 1
        } else {
          setStatus('connecting')
        }
      }
    }

    connect()
    return () => {
      disposed = true
      if (retry) clearTimeout(retry)
      source?.close()
    }
  }, [url])

  return status
}
