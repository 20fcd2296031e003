import { postgresAdapter } from '@payloadcms/db-postgres'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig, type Config } from 'payload'

import type { SwitchboardOptions } from '@switchboard/payload-plugin'

import { switchboardPlugin, switchboardQueue } from '@switchboard/payload-plugin'
import { migrations } from '../migrations'
import { Users } from './users'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface HostConfigOptions {
  databaseUrl: string
  switchboard?: SwitchboardOptions
  /** Extra collections for tests of plugin behaviour on other host shapes. */
  collections?: Config['collections']
  /**
   * Run the `switchboard` jobs queue inside this process every few seconds (the web app). Off for
   * scripts, benchmarks and tests, which run jobs themselves.
   * @default false
   */
  runJobs?: boolean
  /** Payload's email adapter (tests capture the emails Switchboard sends). */
  email?: Config['email']
}

const devSecret = 'switchboard-development-secret-change-me'

const secret = (): string => {
  const value = process.env.PAYLOAD_SECRET
  if (value) return value
  if (process.env.NODE_ENV === 'production') {
    throw new Error('PAYLOAD_SECRET is not set. Set it to a long random string before starting in production.')
  }
  return devSecret
}

/**
 * The host Payload app used for development, the demo and the tests. The schema is owned by the
 * committed migrations in `migrations/` (push is off everywhere), so every database has exactly
 * the schema production has.
 */
export const hostConfig = ({ databaseUrl, switchboard, collections = [], runJobs = false, email }: HostConfigOptions) =>
  buildConfig({
    admin: {
      user: Users.slug,
      importMap: { baseDir: root },
      meta: { titleSuffix: ' · Switchboard' },
    },
    collections: [Users, ...collections],
    // The chat widget is embedded on other sites and calls the API with a bearer session token
    // (no cookies), so any origin may call; cookie logins are not shared with other origins.
    cors: { origins: '*', headers: ['Last-Event-ID'] },
    jobs: {
      tasks: [],
      // Telegram's queues need an account's connection: only the worker runs them.
      autoRun: runJobs ? [{ cron: '*/5 * * * * *', queue: switchboardQueue, limit: 50 }] : undefined,
    },
    db: postgresAdapter({
      pool: { connectionString: databaseUrl },
      push: false,
      migrationDir: path.join(root, 'migrations'),
      prodMigrations: migrations,
    }),
    ...(email ? { email } : {}),
    plugins: [switchboardPlugin(switchboard)],
    secret: secret(),
    serverURL: process.env.SERVER_URL ?? '',
    telemetry: false,
    // `npm run generate:types`: the document types of the plugin's collections, as this app (the
    // plugin with its default options) defines them, written into the plugin for its own code. No
    // `declare module 'payload'`: the plugin's slugs are options, not this app's literal slugs.
    typescript: { autoGenerate: false, declare: false, outputFile: path.join(root, '..', 'packages', 'payload-plugin', 'src', 'payload-types.ts') },
  })
