/**
 * What a failed Stream call means for the job that made it. Stream's errors carry an HTTP status
 * and a Stream error code; network failures carry neither.
 */
export type StreamFailure =
  | { kind: 'missing-users'; userIds: string[] }
  | { kind: 'duplicate-message' }
  | { kind: 'rate-limited'; resetAt?: Date }
  | { kind: 'retryable'; message: string }
  | { kind: 'fatal'; message: string }

interface StreamError {
  code?: null | number
  status?: number
  message?: string
  response?: { headers?: Record<string, string>; data?: { message?: string } }
}

/** Stream error code 4 is "input error"; its message names the users that do not exist. */
const missingUsersPattern = /don'?t exist: \[([^\]]*)\]/

export const classifyStreamError = (error: unknown): StreamFailure => {
  const e = (error ?? {}) as StreamError
  const message = e.response?.data?.message ?? e.message ?? String(error)
  if (e.status === undefined) return { kind: 'retryable', message } // connection refused, timeout
  if (e.status === 429) {
    const reset = Number(e.response?.headers?.['x-ratelimit-reset'])
    return { kind: 'rate-limited', resetAt: Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined }
  }
  if (e.status >= 500) return { kind: 'retryable', message }
  if (e.code === 4) {
    const missing = missingUsersPattern.exec(message)
    if (missing) return { kind: 'missing-users', userIds: missing[1]!.split(/[\s,]+/).filter(Boolean) }
    if (/already exists/i.test(message)) return { kind: 'duplicate-message' }
  }
  return { kind: 'fatal', message }
}

/** Thrown by sync code for failures worth a retry; the job's backoff handles the wait. */
export class RetryableStreamError extends Error {}

/** A 429: the job reschedules itself for after the reset instead of burning retries. */
export class RateLimitedError extends Error {
  constructor(readonly resetAt: Date) {
    super(`Stream rate limit reached; retrying after ${resetAt.toISOString()}.`)
  }
}

/** Turns a Stream failure the caller does not handle itself into the error the job should see. */
export const escalate = (error: unknown): never => {
  const failure = classifyStreamError(error)
  if (failure.kind === 'rate-limited') throw new RateLimitedError(failure.resetAt ?? new Date(Date.now() + 60_000))
  if (failure.kind === 'retryable') throw new RetryableStreamError(failure.message)
  throw error
}
