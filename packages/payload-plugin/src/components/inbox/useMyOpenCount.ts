'use client'

import { useCallback, useEffect, useRef, useState } from 'react'

import { requestJson } from '../shared/request'
import { useLiveEvents } from './useLiveEvents'

/** Fired on `window` by the inbox after it changed a conversation (status, assignee…). */
export const conversationsChangedEvent = 'switchboard:conversations-changed'

const pollMs = 30_000
const burstDelayMs = 500

/**
 * How many open, unarchived conversations wait on the current user (assigned to them or to no
 * one), kept current: on
 * every message event of the staff stream (a customer writing reopens conversations), on the
 * inbox's own changes, when the tab becomes visible, and every 30 s (status changes made by
 * colleagues or by a snooze ending carry no message event). With `ownStream` false (on the inbox
 * page, which has a stream already and forwards its events as `conversationsChangedEvent`) it
 * opens no stream of its own: one per page.
 */
export const useMyOpenCount = (apiRoute: string, ownStream: boolean): number | undefined => {
  const [count, setCount] = useState<number | undefined>()
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const controller = useRef<AbortController | undefined>(undefined)

  const load = useCallback(() => {
    controller.current?.abort()
    const current = new AbortController()
    controller.current = current
    requestJson<{ counts: { open: number } }>(`${apiRoute}/switchboard/inbox/counts?assignee=me-or-unassigned`, { signal: current.signal }).then(
      (body) => setCount(body.counts.open),
      () => {
        // Keep the last count; the next event or poll tries again.
      },
    )
  }, [apiRoute])
  const loadSoon = useCallback(() => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(load, burstDelayMs)
  }, [load])

  useEffect(() => {
    load()
    const interval = setInterval(load, pollMs)
    const onVisible = () => document.visibilityState === 'visible' && load()
    document.addEventListener('visibilitychange', onVisible)
    window.addEventListener(conversationsChangedEvent, loadSoon)
    return () => {
      clearInterval(interval)
      if (timer.current) clearTimeout(timer.current)
      controller.current?.abort()
      document.removeEventListener('visibilitychange', onVisible)
      window.removeEventListener(conversationsChangedEvent, loadSoon)
    }
  }, [load, loadSoon])

  useLiveEvents(ownStream ? `${apiRoute}/switchboard/events` : undefined, loadSoon, load)
  return count
}
