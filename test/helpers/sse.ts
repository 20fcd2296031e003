export interface SseEvent {
  id?: string
  event?: string
  data?: string
}

/**
 * Reads Server-Sent Events from a streaming response body. `next(predicate)` resolves with the
 * first event (from now on) that satisfies it, or rejects after `timeoutMs`.
 */
export const sseReader = (response: Response) => {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const events: SseEvent[] = []
  let buffer = ''
  /** As EventSource keeps it: the last `id:` received, also from a block without data. */
  let lastEventId: string | undefined
  let consumed = 0
  let done = false

  const pump = async () => {
    while (!done) {
      const chunk = await reader.read()
      if (chunk.done) {
        done = true
        return
      }
      buffer += decoder.decode(chunk.value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event: SseEvent = {}
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue
          const [field, ...rest] = line.split(':')
          const value = rest.join(':').replace(/^ /, '')
          if (field === 'id' || field === 'event' || field === 'data') event[field] = value
        }
        if (event.id !== undefined) lastEventId = event.id
        if (event.event || event.data) events.push(event)
      }
    }
  }
  const pumping = pump().catch(() => (done = true))

  return {
    events,
    /** Whether the stream has ended (the server closed it, or `close` was called). */
    get done() {
      return done
    },
    get lastEventId() {
      return lastEventId
    },
    async next(predicate: (event: SseEvent) => boolean = () => true, timeoutMs = 10_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        for (; consumed < events.length; consumed++) {
          const event = events[consumed]!
          if (predicate(event)) {
            consumed++
            return event
          }
        }
        if (done) break
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`)
    },
    /** Resolves once the server has ended the stream; rejects if it is still open after `timeoutMs`. */
    async ended(timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs
      while (!done) {
        if (Date.now() >= deadline) throw new Error(`the stream was still open after ${timeoutMs} ms`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
    async close() {
      done = true
      await reader.cancel().catch(() => undefined)
      await pumping
    },
  }
}
