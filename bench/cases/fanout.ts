import { execFileSync, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'

import type { BenchCase } from '../types'

import { benchDatabaseName } from '../benchDatabase'
import { servePayload } from '../http/servePayload'
import { chatFixture, percentile } from '../realtime/chatFixture'

const clients = 10_000
const here = path.dirname(fileURLToPath(import.meta.url))

/**
 * Node raises its open-file limit to the hard limit (`ulimit -Hn`) when it starts, in this process
 * and in the clients' child: each needs a descriptor per stream and a few hundred more.
 */
const checkFileLimit = () => {
  const hard = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim()
  if (hard !== 'unlimited' && Number(hard) < clients + 500) {
    throw new Error(`fanout needs ${clients + 500} open files per process; the hard limit is ${hard}. Raise it (e.g. \`ulimit -Hn 65536\` as root, or LimitNOFILE) and run again.`)
  }
}

/** Memory the server holds (JS heap + buffers), measured after a full collection so garbage does not count. */
const heldMemory = (): number => {
  v8.setFlagsFromString('--expose-gc')
  ;(vm.runInNewContext('gc') as () => void)()
  const { heapUsed, external } = process.memoryUsage()
  return heapUsed + external
}

/**
 * Fan-out: 10,000 SSE clients (in a child process) watch one conversation on this one instance; a
 * staff reply is posted and each client's receipt time is recorded. Reports the first receipt and
 * the delivery p95 (both from posting the reply), the server's CPU time meanwhile, and the memory
 * the server holds per open stream (JS heap and buffers; kernel socket buffers not counted).
 */
export const fanout: BenchCase = async ({ payload, progress }) => {
  checkFileLimit()
  const server = await servePayload(payload, benchDatabaseName)
  try {
    const { reply, eventsUrl } = await chatFixture(payload, server.url, 'fanout-staff@example.com')
    const marker = `fanout-${Date.now()}`
    // A running server has served replies before: the first one of a process compiles its code
    // paths (about 100 ms here), which is not the fan-out's cost.
    await reply('warm-up')
    const tsx = createRequire(import.meta.url).resolve('tsx/cli')
    const before = heldMemory()
    const child = spawn(process.execPath, [tsx, path.join(here, '../realtime/fanoutClients.ts'), eventsUrl, String(clients), marker], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const lines: string[] = []
    /** A line's start, until its end arrives: the receipt times are one line longer than a pipe read. */
    let partial = ''
    let onLine: (() => void) | undefined
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n')
      partial = parts.pop()!
      lines.push(...parts.filter(Boolean))
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
    // However long opening takes on a busy machine, as long as streams keep opening.
    for (let line = await nextLine(180_000); line !== 'ready'; line = await nextLine(180_000)) {
      if (!line.startsWith('subscribed ')) throw new Error(`unexpected output from the SSE clients: ${line}`)
      progress(`fanout: ${line}`)
    }
    progress('fanout: all subscribed; posting one reply')
    const sentAt = Date.now()
    const cpuBefore = process.cpuUsage()
    await reply(marker)
    const receivedAt = JSON.parse(await nextLine(60_000)) as number[]
    const cpu = process.cpuUsage(cpuBefore)
    // Measured once every stream has the reply, with all of them still open: a full collection
    // just before posting would leave its sweeping to the reply's request.
    const perClient = Math.round((heldMemory() - before) / clients)
    child.kill()
    return [
      { metric: 'clients', value: receivedAt.length, unit: 'clients' },
      // The first receipt: the reply's request, its notification and the fan-out's start.
      { metric: 'first_ms', value: Math.min(...receivedAt) - sentAt, unit: 'ms' },
      { metric: 'p95_ms', value: percentile(receivedAt.map((t) => t - sentAt), 95), unit: 'ms' },
      // CPU the server spent meanwhile (the reply's request, the fan-out, every write): what the p95
      // has beyond it is waiting, for a core or for the clients' process.
      { metric: 'server_cpu_ms', value: Math.round((cpu.user + cpu.system) / 1000), unit: 'ms' },
      { metric: 'bytes_per_client', value: perClient, unit: 'bytes' },
    ]
  } finally {
    await server.close()
  }
}
