import { useEffect, useState } from 'react'

/**
 * A list loaded on mount and again whenever the tab becomes visible, because colleagues edit it in
 * other tabs (labels, canned replies). A failed load keeps what was there: the inbox works without it.
 * `load` must be stable (from a memoized api).
 */
export const useFreshList = <T>(load: (signal: AbortSignal) => Promise<T[]>): T[] => {
  const [items, setItems] = useState<T[]>([])
  useEffect(() => {
    let controller = new AbortController()
    const reload = () => {
      controller.abort()
      controller = new AbortController()
      load(controller.signal).then(setItems, () => undefined)
    }
    reload()
    const onVisible = () => document.visibilityState === 'visible' && reload()
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      controller.abort()
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [load])
  return items
}
