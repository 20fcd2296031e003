/** setTimeout's longest delay; a later deadline is re-checked when this one passes. */
const maxTimerMs = 2 ** 31 - 1

/** Callbacks by the time (ms) they are due: many streams of one session share a deadline. */
const due = new Map<number, Set<() => void>>()
let timer: ReturnType<typeof setTimeout> | undefined
/** When the one timer fires; undefined while none is set. */
let armedFor: number | undefined

const arm = (at: number) => {
  clearTimeout(timer)
  armedFor = at
  timer = setTimeout(fire, Math.min(maxTimerMs, Math.max(0, at - Date.now())))
}

const disarm = () => {
  clearTimeout(timer)
  timer = armedFor = undefined
}

function fire() {
  timer = armedFor = undefined
  const now = Date.now()
  let next: number | undefined
  for (const [at, callbacks] of due) {
    if (at > now) {
      next = next === undefined ? at : Math.min(next, at)
      continue
    }
    due.delete(at)
    for (const callback of callbacks) callback()
  }
  // A callback may have added a deadline (and armed for it) while this ran.
  if (next !== undefined && (armedFor === undefined || next < armedFor)) arm(next)
}

/**
 * Calls `callback` at `at` (ms since the epoch); returns the function that cancels it. All
 * deadlines share one timer, set for the earliest, so thousands of streams waiting on their
 * sessions' expiry hold one timer, not one each.
 */
export const atDeadline = (at: number, callback: () => void): (() => void) => {
  let callbacks = due.get(at)
  if (!callbacks) due.set(at, (callbacks = new Set()))
  callbacks.add(callback)
  if (armedFor === undefined || at < armedFor) arm(at)
  return () => {
    const waiting = due.get(at)
    if (!waiting?.delete(callback) || waiting.size) return
    due.delete(at)
    if (!due.size) disarm()
  }
}

/** Timers held for deadlines: 1 while any is pending, else 0. */
export const deadlineTimers = (): number => (timer === undefined ? 0 : 1)
