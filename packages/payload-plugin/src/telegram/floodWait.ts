import { errors } from 'telegram'

/**
 * Telegram asked for a wait longer than Switchboard sleeps in place: the job is rescheduled for
 * `until` instead, so no worker spins and no page is lost.
 */
export class FloodWaitReschedule extends Error {
  constructor(
    readonly seconds: number,
    readonly until: Date,
  ) {
    super(`Telegram asked to wait ${seconds} s (FloodWait); continuing after ${until.toISOString()}.`)
  }
}

export interface FloodPolicy {
  /** Longest wait slept in place, in seconds. */
  maxSleepSeconds: number
  /** Waits slept in place for one call before it is rescheduled instead. */
  retries: number
  /** How to wait (tests pass a fake clock). */
  sleep?: (ms: number) => Promise<void>
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs `call`, sleeping through short FloodWaits (bounded) and turning long ones into
 * `FloodWaitReschedule`. Clients run with `floodSleepThreshold: 0`, so every wait comes here.
 */
export const withFloodWait = async <T>(call: () => Promise<T>, policy: FloodPolicy): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!(error instanceof errors.FloodWaitError)) throw error
      if (error.seconds > policy.maxSleepSeconds || attempt >= policy.retries)
        throw new FloodWaitReschedule(error.seconds, new Date(Date.now() + error.seconds * 1000))
      await (policy.sleep ?? realSleep)(error.seconds * 1000)
    }
  }
}
