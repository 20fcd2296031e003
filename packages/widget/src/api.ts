/** A refused or failed request. `status` 0 means the server could not be reached. */
export class ChatError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Seconds from `Retry-After` (429), else 0. */
    readonly retryAfter = 0,
  ) {
    super(message)
  }
}

interface ErrorBody {
  errors?: { message?: string; data?: { errors?: { message?: string }[] } }[]
  message?: string
}

/**
 * A JSON request to the Switchboard server: POST with a body (JSON, or a FormData as is), else GET (or `method`). Errors come back as `{ errors: [{ message }] }`;
 * Payload's validation errors add field messages under `data.errors`, which are more useful to a
 * customer ("A user with the given email is already registered.") than the summary.
 */
export const request = async <T>(url: string, body?: object, authorization?: string, fallback = '', method = body ? 'POST' : 'GET'): Promise<T> => {
  const headers: Record<string, string> = {}
  // A FormData body (a file) sets its own multipart type.
  const form = body instanceof FormData
  if (body && !form) headers['content-type'] = 'application/json'
  if (authorization) headers.authorization = authorization
  let response: Response
  try {
    // Credentials stay out: the widget authenticates with headers only, so a Payload cookie on
    // the same site neither logs the widget in nor survives its logout.
    response = await fetch(url, { method, headers, body: form ? body : body && JSON.stringify(body), credentials: 'omit' })
  } catch {
    throw new ChatError(fallback, 0)
  }
  const data = (await response.json().catch(() => ({}))) as T & ErrorBody
  if (!response.ok) {
    const first = data.errors?.[0]
    const fields = first?.data?.errors?.map((e) => e.message).filter(Boolean).join(' ')
    throw new ChatError(fields || first?.message || data.message || fallback, response.status, Number(response.headers.get('retry-after')) || 0)
  }
  return data
}

/** A v4 UUID; `crypto.randomUUID` only exists on https pages, `getRandomValues` everywhere. */
export const uuid = (): string =>
  globalThis.crypto.randomUUID?.() ??
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (Number(c) ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (Number(c) / 4)))).toString(16),
  )
