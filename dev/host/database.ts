import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

import { type RunningPostgres, startEmbeddedPostgres } from './embeddedPostgres'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface Database {
  url: string
  /** True when this process started an embedded server it must stop. */
  embedded: boolean
  stop: () => Promise<void>
}

/** Creates `name` on the server at `serverUrl` unless it exists. */
export const createDatabaseIfMissing = async (serverUrl: string, name: string): Promise<string> => {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name])
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(name)}`)
  } finally {
    await client.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** Drops `name` on the server at `serverUrl`, disconnecting whoever still uses it. */
export const dropDatabase = async (serverUrl: string, name: string): Promise<void> => {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`)
  } finally {
    await client.end()
  }
}

/**
 * DATABASE_URL when it is set; otherwise an embedded PostgreSQL with its data under `.data/`
 * and a `switchboard` database on it. Sets DATABASE_URL for child processes.
 */
export const ensureDatabase = async (log: (message: string) => void = console.log): Promise<Database> => {
  const configured = process.env.DATABASE_URL
  if (configured) return { url: configured, embedded: false, stop: async () => {} }
  let server: RunningPostgres
  try {
    server = await startEmbeddedPostgres({ dataDir: path.join(root, '.data', 'postgres'), log })
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL (${String(error)}). Set DATABASE_URL to use an existing server instead.`,
    )
  }
  const url = await createDatabaseIfMissing(server.url, 'switchboard')
  process.env.DATABASE_URL = url
  return { url, embedded: true, stop: server.stop }
}
