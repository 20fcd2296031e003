import { randomBytes } from 'node:crypto'

import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { FakeTelegram, startFakeTelegramServer } from '../fakes/telegram'
import { spawnPayloadCli } from '../helpers/cli'
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

/** Runs a plugin command in Payload's CLI with `answers` on stdin, as a person would type them. */
const runCli = (answers: string[], args = ['switchboard:telegram-login']) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawnPayloadCli(args, {
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
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdin?.end(`${answers.join('\n')}\n`)
    child.once('exit', (code) => resolve({ code, output }))
  })

it('payload switchboard:telegram-login (npm run telegram:login) connects an account with phone, code and two-step password', async () => {
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

it('a wrong two-step password ends the command with exit code 1 and says why', async () => {
  const { code, output } = await runCli(['+44 7700 900123', 'Second line', '12345', 'not-the-password'])
  expect(output).toMatch(/two-step verification password is not right/)
  expect(output).not.toMatch(/Connected as/)
  expect(code).toBe(1)
}, 60_000)

it('payload switchboard:relink --dry-run (npm run relink) reports what it would change and exits 0; a wrong argument exits 2 with the usage', async () => {
  const dryRun = await runCli([], ['switchboard:relink', '--dry-run'])
  expect(dryRun.output).toMatch(/Dry run: nothing was written/)
  expect(dryRun.output).toMatch(/newly linked\s+0/)
  expect(dryRun.code).toBe(0)
  const wrong = await runCli([], ['switchboard:relink', '--everything'])
  expect(wrong.output).toMatch(/Usage: payload switchboard:relink \[--dry-run\]/)
  expect(wrong.code).toBe(2)
}, 60_000)
