import type { PayloadRequest } from 'payload'

import { maxId } from '../validation/ids'

/**
 * The error shape of every Switchboard endpoint (`{ errors: [{ message }] }`, as Payload's own
 * REST errors), logged so that refused requests can be traced. Never a stack trace.
 */
export const errorResponse = (req: PayloadRequest, status: number, message: string, headers?: Record<string, string>): Response => {
  req.payload.logger.warn({ msg: `switchboard: ${req.method} ${new URL(req.url ?? 'http://x/').pathname} → ${status}: ${message}` })
  return Response.json({ errors: [{ message }] }, { status, headers })
}

/** Thrown inside endpoint logic to end the request with a 4xx; see `handleEndpointErrors`. */
export class EndpointError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message)
  }
}

/**
 * Runs an endpoint body, turning `EndpointError`s into their JSON error responses. A URL with a
 * NUL character (`%00`, in the path or a parameter) is refused before the endpoint runs.
 */
export const handleEndpointErrors = async (req: PayloadRequest, run: () => Promise<Response>): Promise<Response> => {
  try {
    if (/%00/.test(req.url ?? '')) throw new EndpointError(400, 'The address contains a NUL character (%00); remove it and try again.')
    return await run()
  } catch (error) {
    if (error instanceof EndpointError) return errorResponse(req, error.status, error.message, error.headers)
    throw error
  }
}

/** A positive whole-number id (from the URL or a body) that a table can hold; anything else is a 400 naming `what`. */
export const parseId = (value: unknown, what: string): number => {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN
  if (Number.isInteger(id) && id > 0 && id <= maxId) return id
  throw new EndpointError(400, `${what} must be a whole number from 1 to ${maxId}.`)
}
