import type { PayloadRequest } from 'payload'

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

/** Runs an endpoint body, turning `EndpointError`s into their JSON error responses. */
export const handleEndpointErrors = async (req: PayloadRequest, run: () => Promise<Response>): Promise<Response> => {
  try {
    return await run()
  } catch (error) {
    if (error instanceof EndpointError) return errorResponse(req, error.status, error.message, error.headers)
    throw error
  }
}

/** Reads a JSON object body; a missing or malformed body is a 400 that says so. */
export const readJsonBody = async (req: PayloadRequest): Promise<Record<string, unknown>> => {
  let body: unknown
  try {
    body = req.json ? await req.json() : undefined
  } catch {
    throw new EndpointError(400, 'The request body must be JSON.')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new EndpointError(400, 'The request body must be a JSON object.')
  }
  return body as Record<string, unknown>
}

/** A positive whole-number id (from the URL or a body); anything else is a 400 naming `what`. */
export const parseId = (value: unknown, what: string): number => {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value
  if (typeof value === 'string' && /^\d+$/.test(value) && Number(value) > 0) return Number(value)
  throw new EndpointError(400, `${what} must be a positive whole number.`)
}
