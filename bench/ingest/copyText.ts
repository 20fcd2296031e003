import type { FixtureMessage } from './fixture'

/** Columns written by the COPY-based methods, in the order of `copyLine`. */
export const copyColumns = 'conversation_id, external_id, sender_name, text, direction, kind, sent_at, edited_at'

// COPY's text format treats backslash, tab and line breaks specially; escape them in that order.
const escape = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')

/** One message as a line of COPY text format (`\N` is NULL). */
export const copyLine = (conversationId: number, m: FixtureMessage): string =>
  [conversationId, m.externalId, escape(m.senderName), escape(m.text), m.direction, m.kind, m.sentAt, m.editedAt ?? '\\N'].join(
    '\t',
  ) + '\n'

/** The messages as COPY text in chunks of `rowsPerChunk` lines, so the socket gets large writes. */
export function* copyChunks(conversationId: number, messages: FixtureMessage[], rowsPerChunk = 1000): Generator<string> {
  for (let i = 0; i < messages.length; i += rowsPerChunk) {
    yield messages
      .slice(i, i + rowsPerChunk)
      .map((m) => copyLine(conversationId, m))
      .join('')
  }
}
