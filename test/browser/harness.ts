import type { Payload } from 'payload'

import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, expect, inject } from 'vitest'

import { closePayload } from '../../dev/host/closePayload'
import { createDatabaseIfMissing, dropDatabase } from '../../dev/host/database'
import { openMigratedPayload } from '../../dev/host/openPayload'
import { demoCredentials, seedDemoData } from '../../dev/host/seed'
import { newestMtime } from '../../dev/host/newestMtime'
import { spawnPayloadCli } from '../helpers/cli'
import { chromiumMissing, chromiumMissingMessage, chromiumPath, chromiumRequired } from './chromium'

/**
 * The admin as a user meets it, shared by the browser tests: a fresh database with the demo
 * seed, the production build served as `npm start` serves it, and real Chromium (Debian's
 * /usr/bin/chromium; nothing is downloaded). Without Chromium the tests are skipped, or fail
 * when SWITCHBOARD_REQUIRE_CHROMIUM is set (see ./chromium.ts).
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** The dev app: the Payload app the admin is built and served from. */
const app = path.join(root, 'dev')
const buildId = path.join(app, '.next', 'BUILD_ID')

/** Files whose change makes an existing production build stale. */
const buildInputs = [
  'dev/app',
  'dev/host',
  'dev/migrations',
  'dev/payload.config.ts',
  'dev/next.config.mjs',
  'packages/payload-plugin/src',
  'packages/widget/src',
  'packages/widget/vite.config.ts',
  'package-lock.json',
]

const buildIsCurrent = (): boolean => {
  if (!existsSync(buildId)) return false
  const builtAt = statSync(buildId).mtimeMs
  return buildInputs.every((input) => newestMtime(path.join(root, input)) <= builtAt)
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

export interface AdminHarness {
  /** `http://127.0.0.1:<port>` once `beforeAll` has run. */
  readonly baseUrl: string
  readonly browser: Browser
  /** A new page, logged out. Close it when done. */
  newPage: () => Promise<Page>
  /** What the server printed so far, for failure messages. */
  readonly serverOutput: string
  /** Logs `page` in through the admin's login form and waits for the dashboard. */
  logIn: (page: Page, who: keyof typeof demoCredentials) => Promise<void>
}

export interface AdminHarnessOptions {
  /** Runs on the seeded database before the server starts, for data a test needs on top of the seed. */
  afterSeed?: (payload: Payload) => Promise<void>
  /** Also run the worker (`payload switchboard:worker`) against the same database (Telegram listeners and queues). */
  worker?: boolean
}

/**
 * Registers `beforeAll`/`afterAll` hooks that start the seeded admin (building it first when the
 * sources are newer than `.next`) and stop it afterwards. Each test file gets its own database.
 */
export const useAdminHarness = ({ afterSeed, worker: withWorker = false }: AdminHarnessOptions = {}): AdminHarness => {
  const serverUrl = inject('postgresServerUrl')
  const databaseName = `sb_browser_${randomBytes(6).toString('hex')}`

  let server: ChildProcess | undefined
  let worker: ChildProcess | undefined
  let serverOutput = ''
  let browser: Browser | undefined
  let baseUrl = ''

  const waitForServer = async (url: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (server?.exitCode !== null) throw new Error(`the server exited (${server?.exitCode}):\n${serverOutput}`)
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5_000) })
        if (response.ok) return
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    throw new Error(`the server did not answer ${url} within ${timeoutMs} ms:\n${serverOutput}`)
  }

  const skipped = chromiumMissing() && !chromiumRequired()
  // Reported as skipped, not passed; the one line saying why comes from the project's globalSetup.
  if (skipped) beforeEach((context) => context.skip())

  beforeAll(async () => {
    if (skipped) return
    if (chromiumMissing()) throw new Error(`${chromiumMissingMessage} SWITCHBOARD_REQUIRE_CHROMIUM is set, so the browser tests fail instead of being skipped.`)
    const databaseUrl = await createDatabaseIfMissing(serverUrl, databaseName)
    const payload = await openMigratedPayload({ databaseUrl }, { key: databaseName })
    try {
      const { seeded } = await seedDemoData(payload)
      expect(seeded).toBe(true)
      await afterSeed?.(payload)
    } finally {
      await closePayload(payload)
    }

    if (!buildIsCurrent()) {
      // A fresh checkout or changed sources: build once (≈40 s, ≈1.4 GB).
      // Vitest sets NODE_ENV=test, which `next build` must not inherit.
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' }
      await promisify(execFile)('npm', ['run', 'build'], { cwd: app, env, maxBuffer: 64 * 1024 * 1024, timeout: 540_000 })
    }

    const port = await freePort()
    baseUrl = `http://127.0.0.1:${port}`
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PAYLOAD_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
      SWITCHBOARD_WORKER_POLL_SECONDS: '1',
    }
    // The production server as `npm start` runs it (Next.js behind dev/scripts/nextServer.ts), on the seeded database.
    server = spawn(process.execPath, ['--import', 'tsx', 'scripts/nextServer.ts', 'start', String(port)], {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server.stdout?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()))
    server.stderr?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()))
    if (withWorker) {
      worker = spawnPayloadCli(['switchboard:worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      worker.stdout?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()))
      worker.stderr?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()))
    }
    await waitForServer(`${baseUrl}/api/users/me`, 60_000)

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  })

  const stop = async (child: ChildProcess | undefined) => {
    if (!child?.pid || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    if (child.exitCode === null) child.kill('SIGKILL')
  }

  afterAll(async () => {
    if (skipped) return
    await browser?.close()
    await Promise.all([stop(server), stop(worker)])
    await dropDatabase(serverUrl, databaseName)
  })

  return {
    get baseUrl() {
      return baseUrl
    },
    get serverOutput() {
      return serverOutput
    },
    get browser() {
      if (!browser) throw new Error('The admin harness has not started (use it inside tests).')
      return browser
    },
    newPage: async () => {
      if (!browser) throw new Error('The admin harness has not started (use it inside tests).')
      return browser.newPage()
    },
    logIn: async (page, who) => {
      await page.goto(`${baseUrl}/admin/login`)
      const email = page.locator('input[name="email"]')
      await email.waitFor()
      await email.fill(demoCredentials[who].email)
      await page.locator('input[name="password"]').fill(demoCredentials[who].password)
      await page.locator('button[type="submit"]').click()
      await page.waitForURL((url) => url.pathname === '/admin')
    },
  }
}
