/**
 * The admin components' one way to call Switchboard's endpoints: same-origin JSON with Payload's
 * cookie auth, and Payload's `{ errors: [{ message }] }` turned into a message a person can read.
 */

export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'RequestError'
  }
}

/** The message of a Payload error body (`{ errors: [{ message }] }` or `{ message }`), if any. */
export const errorMessageOf = (body: unknown): string | undefined => {
  if (!body || typeof body !== 'object') return undefined
  const { errors, message } = body as { errors?: unknown; message?: unknown }
  if (Array.isArray(errors)) {
    const messages = errors
      .map((error) => (error && typeof error === 'object' ? (error as { message?: unknown }).message : undefined))
      .filter((text): text is string => typeof text === 'string' && text.length > 0)
    if (messages.length > 0) return messages.join(' ')
  }
  return typeof message === 'string' && message.length > 0 ? message : undefined
}

const fallbackMessage = (status: number): string => {
  if (status === 401) return 'Your session has ended. Log in again and retry.'
  if (status === 403) return 'You are not allowed to do this.'
  if (status === 404) return 'Not found. It may have been deleted, or the server does not offer this yet.'
  return `The server answered ${status}. Try again in a moment.`
}

/**
 * Same-origin JSON request with Payload's cookie auth. Resolves with the parsed body of a 2xx
 * answer; otherwise rejects with a RequestError whose message can be shown to the person.
 * An aborted request rejects with the AbortError itself, so callers can ignore it.
 */
export const requestJson = async <T>(url: string, init: RequestInit = {}): Promise<T> => {
  let response: Response
  try {
    response = await fetch(url, {
      credentials: 'include',
      ...init,
      headers: {
        Accept: 'application/json',
        // A FormData body (an upload) sets its own multipart type.
        ...(init.body && !(init.body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
    })
  } catch (error) {
    if (isAbort(error)) throw error
    throw new RequestError('Could not reach the server. Check your connection and try again.', 0)
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) throw new RequestError(errorMessageOf(body) ?? fallbackMessage(response.status), response.status)
  return body as T
}

export const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError'

export const messageOf = (error: unknown): string =>
  error instanceof RequestError ? error.message : 'Something went wrong. Try again in a moment.'
