import type { BenchCase } from '../types'

import { benchDatabaseName } from '../benchDatabase'
import { servePayload } from '../http/servePayload'
import { chatFixture, listen, percentile } from '../realtime/chatFixture'

const messages = 1_000

/**
 * Push latency: a staff reply (`POST /api/messages` over HTTP) until the widget's SSE stream
 * delivers it — through the transaction's pg_notify, the LISTEN connection and the hub. One
 * message at a time, 1,000 times, on loopback.
 */
export const push: BenchCase = async ({ payload, progress }) => {
  const server = await servePayload(payload, benchDatabaseName)
  const abort = new AbortController()
  try {
    const { reply, eventsUrl } = await chatFixture(payload, server.url, 'push-staff@example.com')
    const waiting = new Map<string, () => void>()
    await listen(eventsUrl, (data) => waiting.get((JSON.parse(data) as { text: string }).text)?.(), abort.signal)
    await new Promise((resolve) => setTimeout(resolve, 200))

    const latencies: number[] = []
    for (let i = 0; i < messages; i++) {
      const text = `push ${i}`
      const received = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`"${text}" was not delivered within 5 s`)), 5_000)
        waiting.set(text, () => (clearTimeout(timer), resolve()))
      })
      const started = performance.now()
      await Promise.all([reply(text), received])
      latencies.push(performance.now() - started)
      waiting.delete(text)
      if (i % 250 === 249) progress(`push: ${i + 1} messages`)
    }
    return [
      { metric: 'p50_ms', value: percentile(latencies, 50), unit: 'ms' },
      { metric: 'p95_ms', value: percentile(latencies, 95), unit: 'ms' },
    ]
  } finally {
    abort.abort()
    await server.close()
  }
}
