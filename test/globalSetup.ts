import type { TestProject } from 'vitest/node'

import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { startEmbeddedPostgres } from '../dev/host/embeddedPostgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL on which each test file creates its own database. */
    postgresServerUrl: string
  }
}

/** DATABASE_URL when set (CI, a local server); otherwise a throwaway embedded PostgreSQL. */
export default async function setup(project: TestProject) {
  const configured = process.env.DATABASE_URL
  if (configured) {
    project.provide('postgresServerUrl', configured)
    return
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-test-pg-'))
  const server = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false })
  project.provide('postgresServerUrl', server.url)
  return () => server.stop()
}
