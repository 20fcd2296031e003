import type { Payload } from 'payload'

/** One cap a new stream must fit under: at most `max` open at once under `key` (`0`: no cap). */
export interface StreamCap {
  key: string
  max: number
  /** Why it was refused, for the person (the 429's message). */
  refusal: string
}

/**
 * Counts the event streams open on this app instance, per key (a chat session, a client address,
 * a staff user). In memory: each instance counts its own streams, so with several instances a
 * client may hold up to the cap on each.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>()

  /**
   * Takes a slot under every cap, or none: returns the function that gives them back
   * (call it once, when the stream ends), or the cap that is full.
   */
  take(caps: StreamCap[]): { ok: true; release: () => void } | { ok: false; cap: StreamCap } {
    const full = caps.find((cap) => cap.max > 0 && (this.open.get(cap.key) ?? 0) >= cap.max)
    if (full) return { ok: false, cap: full }
    for (const { key } of caps) this.open.set(key, (this.open.get(key) ?? 0) + 1)
    let released = false
    return {
      ok: true,
      release: () => {
        if (released) return
        released = true
        for (const { key } of caps) {
          const left = (this.open.get(key) ?? 1) - 1
          if (left > 0) this.open.set(key, left)
          else this.open.delete(key)
        }
      },
    }
  }

  /** Open streams under `key`. */
  count(key: string): number {
    return this.open.get(key) ?? 0
  }
}

const slots = new WeakMap<Payload, StreamSlots>()

/** This app instance's stream counts. */
export const streamSlots = (payload: Payload): StreamSlots => {
  let found = slots.get(payload)
  if (!found) {
    found = new StreamSlots()
    slots.set(payload, found)
  }
  return found
}
