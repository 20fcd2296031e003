import type { PayloadRequest } from 'payload'

import { findNul } from '../validation/nulCharacters'
import { EndpointError } from './errors'

const tooLarge = (maxBytes: number) =>
  new EndpointError(413, `The request body is larger than ${maxBytes} bytes, the most this endpoint accepts.`)

/**
 * The request body as text, refusing with a 413 anything over `maxBytes`: at once when
 * `Content-Length` says so, otherwise as soon as the bytes read pass the limit (a chunked body,
 * or a length header that lied), so an oversize body is never buffered whole.
 */
export const readBodyText = async (req: PayloadRequest, maxBytes: number): Promise<string> =>
  (await readBodyBytes(req, maxBytes)).toString('utf8')

/** The request body's bytes, refused with a 413 past `maxBytes` as `readBodyText` does. */
export const readBodyBytes = async (req: PayloadRequest, maxBytes: number, tooLargeError = tooLarge(maxBytes)): Promise<Buffer> => {
  const declared = Number(req.headers.get('content-length') ?? 0)
  if (declared > maxBytes) throw tooLargeError
  if (!req.body) return Buffer.alloc(0)
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLargeError
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

/**
 * Reads a JSON object body of at most `maxBytes` (413 beyond, before reading more); a missing or
 * malformed body is a 400 that says so, and so is text with a NUL character anywhere in it.
 */
export const readJsonBody = async (req: PayloadRequest, maxBytes: number): Promise<Record<string, unknown>> => {
  const text = await readBodyText(req, maxBytes)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new EndpointError(400, 'The request body must be JSON.')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new EndpointError(400, 'The request body must be a JSON object.')
  }
  const nul = findNul(body)
  if (nul) throw new EndpointError(400, `"${nul}" contains a NUL character (\\u0000), which cannot be stored; remove it.`)
  return body as Record<string, unknown>
}
