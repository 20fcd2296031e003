'use client'

import { useCallback, useEffect, useRef } from 'react'

/** Live events come in bursts; the list reloads once per burst. */
const listRefreshDelayMs = 400

/** `refresh`, run once after a burst of calls has settled. */
export const useRefreshSoon = (refresh: () => void): (() => void) => {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const refreshSoon = useCallback(() => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(refresh, listRefreshDelayMs)
  }, [refresh])
  useEffect(() => () => timer.current && clearTimeout(timer.current), [])
  return refreshSoon
}
