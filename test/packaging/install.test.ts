import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { createDatabaseIfMissing, dropDatabase } from '../../dev/host/database'
import { run, start, waitFor } from './commands'

/**
 * docs/install.md, done by a machine: the two packages packed with `npm pack`, installed from
 * their tarballs into a new Payload app in a temporary folder outside this repository (its own
 * package.json, payload.config.ts with postgresAdapter and switchboardPlugin, the peers at the
 * versions this repository pins), then `payload migrate:create` and `payload migrate` against a
 * database of its own, the import map, the worker from Payload's CLI, and the admin built with
 * `next build` and served by `next start` (Payload's app/(payload) boilerplate and withPayload).
 */

const root = fileURLToPath(new URL('../../', import.meta.url))
const devPackage = JSON.parse(readFileSync(path.join(root, 'dev', 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
const rootPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  allowScripts?: Record<string, boolean>
  devDependencies: Record<string, string>
}
/** The peers a user installs next to the plugin, at the versions the dev app uses. */
const peers = ['payload', '@payloadcms/db-postgres', '@payloadcms/next', '@payloadcms/ui', 'next', 'react', 'react-dom', 'graphql']
/** What a Payload app (the templates) has for TypeScript; `next build` type-checks the app with it. */
const typescriptTools = ['typescript', '@types/node', '@types/react', '@types/react-dom']

const serverUrl = inject('postgresServerUrl')
const databaseName = `sb_install_${randomBytes(6).toString('hex')}`
let databaseUrl = ''
let appDir = ''
let tarballs: { plugin: string; widget: string }

const payloadConfig = `import { postgresAdapter } from '@payloadcms/db-postgres'
import { switchboardPlugin } from '@switchboard/payload-plugin'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'

const dirname = path.dirname(fileURLToPath(import.meta.url))

export default buildConfig({
  admin: { user: 'users', importMap: { baseDir: dirname } },
  collections: [{ slug: 'users', auth: true, fields: [] }],
  db: postgresAdapter({
    pool: { connectionString: process.env.DATABASE_URL },
    push: false,
    migrationDir: path.join(dirname, 'migrations'),
  }),
  plugins: [switchboardPlugin({ usersCollection: 'users' })],
  secret: process.env.PAYLOAD_SECRET || 'install-test-secret',
  typescript: { autoGenerate: false },
})
`

const nextConfig = `import { withPayload } from '@payloadcms/next/withPayload'

export default withPayload({
  // GramJS (the telegram package) is loaded by Node at runtime, not bundled.
  serverExternalPackages: ['telegram'],
})
`

const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['DOM', 'DOM.Iterable', 'ES2022'],
    module: 'esnext',
    moduleResolution: 'bundler',
    jsx: 'preserve',
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    paths: { '@payload-config': ['./payload.config.ts'] },
  },
  include: ['**/*.ts', '**/*.tsx'],
}

/** `npx payload <args>` in the new app, as node itself so signals reach Payload's CLI. */
const payloadCli = (args: string[]) => [path.join(appDir, 'node_modules', 'payload', 'bin.js'), ...args]
const appEnv = (): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development' as const, PAYLOAD_SECRET: 'install-test-secret' })

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

beforeAll(async () => {
  appDir = await mkdtemp(path.join(tmpdir(), 'switchboard-install-'))
  expect(path.relative(root, appDir).startsWith('..'), 'the app is outside the repository').toBe(true)

  // `npm pack` runs each package's prepack (its build), as publishing would.
  const packDir = path.join(appDir, 'tarballs')
  await mkdir(packDir)
  const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir, '--workspace', '@switchboard/payload-plugin', '--workspace', '@switchboard/widget'], {
    cwd: root,
    timeoutMs: 300_000,
  })
  const files = readdirSync(packDir)
  const tarball = (prefix: string) => path.join(packDir, files.find((file) => file.startsWith(prefix))!)
  tarballs = { plugin: tarball('switchboard-payload-plugin-'), widget: tarball('switchboard-widget-') }
  expect(existsSync(tarballs.plugin) && existsSync(tarballs.widget), packed.output).toBe(true)

  await writeFile(
    path.join(appDir, 'package.json'),
    JSON.stringify(
      {
        name: 'switchboard-install-test',
        version: '1.0.0',
        private: true,
        type: 'module',
        dependencies: {
          '@switchboard/payload-plugin': `file:${tarballs.plugin}`,
          '@switchboard/widget': `file:${tarballs.widget}`,
          ...Object.fromEntries(peers.map((name) => [name, devPackage.dependencies[name]])),
        },
        devDependencies: Object.fromEntries(typescriptTools.map((name) => [name, rootPackage.devDependencies[name]])),
        allowScripts: rootPackage.allowScripts,
      },
      null,
      2,
    ),
  )
  await writeFile(path.join(appDir, 'payload.config.ts'), payloadConfig)
  await writeFile(path.join(appDir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
  await writeFile(path.join(appDir, 'next.config.mjs'), nextConfig)
  // Payload's app/(payload) boilerplate (the dev app's copy of the blank template); the import map
  // is generated below.
  await cp(path.join(root, 'dev', 'app', '(payload)'), path.join(appDir, 'app', '(payload)'), {
    recursive: true,
    filter: (source) => !source.endsWith('importMap.js'),
  })
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: appDir, timeoutMs: 600_000 })

  databaseUrl = await createDatabaseIfMissing(serverUrl, databaseName)
})

afterAll(async () => {
  if (databaseUrl) await dropDatabase(serverUrl, databaseName)
  if (appDir && !process.env.KEEP_INSTALL_TEST_APP) await rm(appDir, { recursive: true, force: true })
})

describe('@switchboard/payload-plugin installed from its tarball into a new Payload app', () => {
  it('ships built JavaScript with its types, and not its sources or tests', async () => {
    const installed = path.join(appDir, 'node_modules', '@switchboard', 'payload-plugin')
    const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './client', './rsc', './server', './types']))
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/exports/client.js', 'dist/exports/rsc.js', 'dist/bin/worker.js']) {
      expect(existsSync(path.join(installed, file)), file).toBe(true)
    }
    expect(existsSync(path.join(installed, 'src'))).toBe(false)
    const widget = path.join(appDir, 'node_modules', '@switchboard', 'widget')
    for (const file of ['dist/switchboard-chat.js', 'dist/switchboard-chat.iife.js', 'dist/switchboard-launcher.js', 'dist/index.d.ts', 'custom-elements.json']) {
      expect(existsSync(path.join(widget, file)), file).toBe(true)
    }
    const elements = JSON.parse(await readFile(path.join(widget, 'custom-elements.json'), 'utf8')) as { modules: Array<{ declarations?: Array<{ tagName?: string }> }> }
    expect(elements.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName)).toContain('switchboard-chat')
  })

  it('loads in plain Node ESM: the package entry resolves and exports the plugin', async () => {
    const { output } = await run(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('@switchboard/payload-plugin'); const s = await import('@switchboard/payload-plugin/server'); console.log(typeof m.switchboardPlugin, typeof s.startWorker)"],
      { cwd: appDir },
    )
    expect(output.trim()).toBe('function function')
  })

  it('payload migrate:create writes the plugin’s schema and payload migrate applies it: tables, unique indexes, the GIN search index', async () => {
    await run(process.execPath, payloadCli(['migrate:create', 'initial']), { cwd: appDir, env: appEnv(), timeoutMs: 180_000 })
    const migration = readdirSync(path.join(appDir, 'migrations')).find((file) => file.endsWith('_initial.ts'))
    expect(migration).toBeDefined()
    await run(process.execPath, payloadCli(['migrate']), { cwd: appDir, env: appEnv(), timeoutMs: 180_000 })

    const db = new pg.Client({ connectionString: databaseUrl })
    await db.connect()
    try {
      const { rows: tables } = await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public'`)
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['users', 'telegram_accounts', 'telegram_users', 'conversations', 'messages', 'chat_tokens', 'labels', 'sync_leases', 'payload_jobs', 'payload_migrations']),
      )
      const index = async (name: string) => (await db.query<{ indexdef: string }>('select indexdef from pg_indexes where indexname = $1', [name])).rows[0]?.indexdef
      expect(await index('conversation_externalId_idx')).toMatch(/UNIQUE INDEX .* \(conversation_id, external_id\)/)
      expect(await index('conversation_clientMessageId_idx')).toMatch(/UNIQUE INDEX .* \(conversation_id, client_message_id\)/)
      expect(await index('account_externalId_idx')).toMatch(/UNIQUE INDEX .* \(account_id, external_id\)/)
      expect(await index('telegram_users_telegram_id_idx')).toMatch(/UNIQUE INDEX/)
      expect(await index('users_telegram_username_idx')).toMatch(/UNIQUE INDEX/)
      expect(await index('labels_name_key_idx')).toMatch(/UNIQUE INDEX/)
      expect(await index('messages_search_idx')).toMatch(/USING gin \(search_vector\)/)
      const { rows: columns } = await db.query<{ data_type: string }>(
        `select data_type from information_schema.columns where table_name = 'messages' and column_name = 'external_id'`,
      )
      expect(columns[0]?.data_type).toBe('bigint')
      const { rows: applied } = await db.query<{ name: string }>('select name from payload_migrations')
      expect(applied.map((r) => r.name)).toContain(migration!.replace(/\.ts$/, ''))
    } finally {
      await db.end()
    }
  })

  it('payload generate:importmap registers the admin components by package path, and each resolves to a built export', async () => {
    await run(process.execPath, payloadCli(['generate:importmap']), { cwd: appDir, env: appEnv(), timeoutMs: 180_000 })
    const importMap = await readFile(path.join(appDir, 'app', '(payload)', 'admin', 'importMap.js'), 'utf8')
    const imports = [...importMap.matchAll(/import \{ (\w+) as \w+ \} from '(@switchboard\/payload-plugin\/(?:client|rsc))'/g)]
    expect(imports.map(([, name, from]) => `${from}#${name}`)).toEqual(
      expect.arrayContaining(['@switchboard/payload-plugin/client#InboxNavLink', '@switchboard/payload-plugin/rsc#InboxView', '@switchboard/payload-plugin/rsc#SwitchboardDashboard']),
    )
    const resolve = createRequire(path.join(appDir, 'package.json')).resolve
    for (const [, name, from] of imports) {
      const file = resolve(from!)
      expect(file.startsWith(path.join(appDir, 'node_modules')), file).toBe(true)
      expect(await readFile(file, 'utf8'), `${from} exports ${name}`).toMatch(new RegExp(`export \\{ ${name}\\b`))
    }
  })

  it('npx payload switchboard:worker starts, and on SIGTERM stops and exits 0 within 10 s', async () => {
    const worker = start(process.execPath, payloadCli(['switchboard:worker']), { cwd: appDir, env: appEnv() })
    try {
      await waitFor('the worker to start', () => /switchboard worker .*: started/.test(worker.output()) || undefined, 120_000, worker.output)
      const signalled = Date.now()
      worker.child.kill('SIGTERM')
      const { code } = await worker.exited
      expect(code, worker.output()).toBe(0)
      expect(Date.now() - signalled).toBeLessThan(10_000)
      expect(worker.output()).toMatch(/stopped; leases released/)
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL')
    }
  })

  it('next build compiles the admin with the plugin’s components from dist; next start serves the login page, the dashboard panels and the inbox', async () => {
    const nextBin = path.join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')
    const production: NodeJS.ProcessEnv = { ...appEnv(), NODE_ENV: 'production' }
    await run(process.execPath, [nextBin, 'build'], { cwd: appDir, env: production, timeoutMs: 900_000 })
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const server = start(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], { cwd: appDir, env: production })
    try {
      const page = async (url: string, init: RequestInit = {}) => {
        const response = await fetch(`${base}${url}`, { ...init, signal: AbortSignal.timeout(60_000), redirect: 'manual' })
        return { status: response.status, body: await response.text() }
      }
      await waitFor('next start', () => page('/admin/login').then((r) => r.status === 200 || undefined, () => undefined), 120_000, server.output)

      const registered = await fetch(`${base}/api/users/first-register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@install.test', password: 'install-test-password' }),
      })
      expect(registered.status, await registered.clone().text()).toBe(200)
      const { token } = (await registered.json()) as { token: string }
      const cookie = { headers: { cookie: `payload-token=${token}` } }

      // The dashboard with the plugin's server panel (rsc) and its client figures (client).
      const dashboard = await page('/admin', cookie)
      expect(dashboard.status, server.output()).toBe(200)
      expect(dashboard.body).toMatch(/Switchboard health/)
      expect(dashboard.body).toMatch(/sb-dashboard/)
      // The plugin's admin view and its client inbox.
      const inbox = await page('/admin/inbox', cookie)
      expect(inbox.status, server.output()).toBe(200)
      expect(inbox.body).toMatch(/sb-inbox/)
      const health = await page('/api/switchboard/health')
      expect(JSON.parse(health.body)).toMatchObject({ database: { ok: true } })
    } finally {
      server.child.kill('SIGTERM')
      await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
      if (server.child.exitCode === null) server.child.kill('SIGKILL')
    }
  })
})
