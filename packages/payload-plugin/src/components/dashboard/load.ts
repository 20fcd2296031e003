import { useEffect, useState } from 'react'

import { isAbort, messageOf, RequestError, requestJson } from '../shared/request'

/**
 * What the dashboard says when a figure cannot be loaded: what went wrong and what to do next.
 * `forbidden` means the viewer may not see the figures (an editor); the section then hides.
 */
export interface LoadProblem {
  forbidden: boolean
  message: string
}

export const problemOf = (error: unknown, what: string, path: string): LoadProblem => {
  const status = error instanceof RequestError ? error.status : undefined
  if (status === 403) return { forbidden: true, message: `Only staff and admins can see ${what}.` }
  if (status === 404) {
    return {
      forbidden: false,
      message: `The server does not offer ${what} (${path} answered 404). Update Switchboard on the server and restart it, then reload this page.`,
    }
  }
  if (status === 401) return { forbidden: false, message: 'Your session has ended. Log in again to see the figures.' }
  const base = messageOf(error)
  return {
    forbidden: false,
    message:
      status !== undefined && status >= 500
        ? `Could not load ${what}: ${base} If it keeps failing, check the server log and GET /api/switchboard/health.`
        : `Could not load ${what}: ${base}`,
  }
}

/** One bucket size's figures: loading, failed (with what to say), or loaded. */
export type Loaded<T> = { state: 'loading' } | { state: 'error'; problem: LoadProblem } | { state: 'ready'; data: T }

/**
 * Loads `path?bucket=` for the chosen bucket size. A size loaded before stays on screen while it
 * is fetched again (toggling back, Refresh, `reloadKey`, `retry`); a change of size aborts the
 * request in flight.
 */
export const useBucketLoad = <T, B extends string>(path: string, bucket: B, what: string, reloadKey: unknown, retry: number): Loaded<T> | undefined => {
  const [loaded, setLoaded] = useState<Partial<Record<B, Loaded<T>>>>({})
  useEffect(() => {
    const controller = new AbortController()
    const set = (value: Loaded<T>) => setLoaded((previous) => ({ ...previous, [bucket]: value }))
    setLoaded((previous) => (previous[bucket]?.state === 'ready' ? previous : { ...previous, [bucket]: { state: 'loading' } }))
    requestJson<T>(`${path}?bucket=${bucket}`, { signal: controller.signal })
      .then((data) => set({ state: 'ready', data }))
      .catch((error: unknown) => {
        if (!isAbort(error)) set({ state: 'error', problem: problemOf(error, what, path) })
      })
    return () => controller.abort()
    // `loaded` is written here, not read: it must not re-run the request.
  }, [path, bucket, what, reloadKey, retry])
  return loaded[bucket]
}
