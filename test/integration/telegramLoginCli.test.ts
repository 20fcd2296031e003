import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'

import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { FakeTelegram, startFakeTelegramServer } from '../fakes/telegram'
import { createTestApp, type TestApp } from '../helpers/payload'

let server: Awaited<ReturnType<typeof startFakeTelegramServer>>
let app: TestApp

beforeAll(async () => {
  const world = new FakeTelegram({ me: { id: 777, firstName: 'Support', phone: '447700900123' }, authorized: false, password: 'hunter22', passwordHint: 'usual' })
  server = await startFakeTelegramServer(world)
  app = await createTestApp()
})
afterAll(async () => {
  await app?.close()
  await server?.close()
})

/** Runs the CLI with its answers on stdin, as a person would type them. */
const runCli = (answers: string[]) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/telegramLogin.ts'], {
      cwd: fileURLToPath(new URL('../../dev/', import.meta.url)),
      env: {
        ...process.env,
        DATABASE_URL: app.databaseUrl,
        TELEGRAM_API_ID: '12345',
        TELEGRAM_API_HASH: 'fake-api-hash',
        SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        TELEGRAM_LOGIN_SESSION: server.sessionString(),
        TELEGRAM_DIAL_ADDRESS: `${server.host}:${server.port}`,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdin.end(`${answers.join('\n')}\n`)
    child.once('exit', (code) => resolve({ code, output }))
  })

it('npm run telegram:login connects an account with phone, code and two-step password', async () => {
  const { code, output } = await runCli(['+44 7700 900123', 'Support line', '12345', 'hunter22'])
  expect(output).toMatch(/Two-step verification is on \(hint: usual\)/)
  expect(output).toMatch(/Connected as Support/)
  expect(code).toBe(0)
  const db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  const { rows } = await db.query(`select name, status, session from telegram_accounts`)
  await db.end()
  expect(rows).toHaveLength(1)
  expect(rows[0]).toMatchObject({ name: 'Support line', status: 'connected' })
  expect(rows[0].session).toMatch(/^sbs1\./)
}, 60_000)
