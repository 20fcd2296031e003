import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { expect, it } from 'vitest'

import { spawnPayloadCli } from '../helpers/cli'

const committed = fileURLToPath(new URL('../../packages/payload-plugin/src/payload-types.ts', import.meta.url))

it('the plugin’s committed document types are what `npm run generate:types` writes from the current config', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchboard-types-'))
  try {
    const fresh = path.join(dir, 'payload-types.ts')
    const child = spawnPayloadCli(['generate:types'], { env: { ...process.env, PAYLOAD_TS_OUTPUT_PATH: fresh }, stdio: ['ignore', 'ignore', 'pipe'] })
    let errors = ''
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code, errors).toBe(0)
    expect(await readFile(committed, 'utf8'), 'src/payload-types.ts is out of date: run `npm run generate:types` and commit it').toBe(await readFile(fresh, 'utf8'))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}, 120_000)
