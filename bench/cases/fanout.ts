import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'

import type { BenchCase } from '../types'

import { benchDatabaseName } from '../benchDatabase'
import { servePayload } from '../http/servePayload'
import { chatFixture, percentile } from '../realtime/chatFixture'

const clients = 2_000
const here = path.dirname(fileURLToPath(import.meta.url))

/** Memory the server holds (JS heap + buffers), measured after a full collection so garbage does not count. */
const heldMemory = (): number => {
  v8.setFlagsFromString('--expose-gc')
  ;(vm.runInNewContext('gc') as () => void)()
  const { heapUsed, external } = process.memoryUsage()
  return heapUsed + external
}

/**
 * Fan-out: 2,000 SSE clients (in a child process) watch one conversation on this one instance; a
 * staff reply is posted and each client's receipt time is recorded. Reports delivery p95 and the
 * memory the server holds per open stream (JS heap and buffers; kernel socket buffers not counted).
 */
export const fanout: BenchCase = async ({ payload, progress }) => {
  const server = await servePayload(payload, benchDatabaseName)
  try {
    const { reply, eventsUrl } = await chatFixture(payload, server.url, 'fanout-staff@example.com')
    const marker = `fanout-${Date.now()}`
    const tsx = createRequire(import.meta.url).resolve('tsx/cli')
    const before = heldMemory()
    const child = spawn(process.execPath, [tsx, path.join(here, '../realtime/fanoutClients.ts'), eventsUrl, String(clients), marker], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const lines: string[] = []
    let onLine: (() => void) | undefined
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      lines.push(...chunk.split('\n').filter(Boolean))
      onLine?.()
    })
    const nextLine = (timeoutMs: number) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the SSE clients did not answer in time')), timeoutMs)
        const check = () => {
          const line = lines.shift()
          if (line !== undefined) {
            clearTimeout(timer)
            onLine = undefined
            resolve(line)
          }
        }
        onLine = check
        check()
      })

    progress(`fanout: opening ${clients} SSE streams`)
    if ((await nextLine(120_000)) !== 'ready') throw new Error('unexpected output from the SSE clients')
    const perClient = Math.round((heldMemory() - before) / clients)
    progress('fanout: all subscribed; posting one reply')
    const sentAt = Date.now()
    await reply(marker)
    const receivedAt = JSON.parse(await nextLine(60_000)) as number[]
    child.kill()
    return [
      { metric: 'clients', value: receivedAt.length, unit: 'clients' },
      { metric: 'p95_ms', value: percentile(receivedAt.map((t) => t - sentAt), 95), unit: 'ms' },
      { metric: 'bytes_per_client', value: perClient, unit: 'bytes' },
    ]
  } finally {
    await server.close()
  }
}
