import type { RealtimeEvent, RealtimeSignal } from './hub'

const encoder = new TextEncoder()

/**
 * The encoded frames of each event or signal the hub fans out, per shape (with or without
 * `conversationId`): serialized and encoded once for every stream that receives it, not once per
 * stream. Weakly held: gone with the event once every stream has been sent it.
 */
const encoded = new WeakMap<RealtimeEvent | RealtimeSignal, { plain?: Uint8Array; withConversation?: Uint8Array }>()

const cached = (source: RealtimeEvent | RealtimeSignal, withConversation: boolean, text: () => string): Uint8Array => {
  let frames = encoded.get(source)
  if (!frames) encoded.set(source, (frames = {}))
  const shape = withConversation ? 'withConversation' : 'plain'
  return (frames[shape] ??= encoder.encode(text()))
}

/** A message event: its id is the client's Last-Event-ID to resume from. */
export const eventFrame = (event: RealtimeEvent, withConversation: boolean): Uint8Array =>
  cached(event, withConversation, () => {
    const { event: name, id, message, conversationId } = event
    return `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(withConversation ? { ...message, conversationId } : message)}\n\n`
  })

/** A signal has no id: it does not move the client's Last-Event-ID, and is never replayed. */
export const signalFrame = (signal: RealtimeSignal, withConversation: boolean): Uint8Array =>
  cached(signal, withConversation, () => {
    const { event, data, conversationId } = signal
    return `event: ${event}\ndata: ${JSON.stringify(withConversation ? { ...data, conversationId } : data)}\n\n`
  })

/** Any other frame (the greeting, `session-ended`): sent to one stream, encoded for it. */
export const textFrame = (text: string): Uint8Array => encoder.encode(text)
