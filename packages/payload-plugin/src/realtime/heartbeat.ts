import { inSlices } from './slices'

/** Proxies close idle connections; a comment line every 15 s keeps the stream open. */
const heartbeatMs = 15_000

const ping = new TextEncoder().encode(': ping\n\n')

/** The streams to ping: one timer for all of them, however many are open. */
const beating = new Set<(frame: Uint8Array) => void>()
let timer: ReturnType<typeof setInterval> | undefined

/**
 * Pings a stream every 15 s until the returned function is called. One shared interval sends the
 * same encoded comment to every open stream, in slices, instead of a timer per stream; it runs
 * only while some stream is open.
 */
export const keepAlive = (send: (frame: Uint8Array) => void): (() => void) => {
  beating.add(send)
  timer ??= setInterval(() => {
    void inSlices([...beating], (slice) => {
      for (const each of slice) each(ping)
    })
  }, heartbeatMs)
  return () => {
    beating.delete(send)
    if (beating.size || timer === undefined) return
    clearInterval(timer)
    timer = undefined
  }
}

/** Timers held for heartbeats: 1 while any stream is open, else 0. */
export const heartbeatTimers = (): number => (timer === undefined ? 0 : 1)
