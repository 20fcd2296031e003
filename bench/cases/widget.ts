import { readdir, readFile, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

import type { BenchCase } from '../types'

const widgetDir = fileURLToPath(new URL('../../packages/widget/', import.meta.url))
const bundle = `${widgetDir}dist/switchboard-chat.js`

const newestSource = async (): Promise<number> => {
  const files = [`${widgetDir}vite.config.ts`, ...(await readdir(`${widgetDir}src`)).map((name) => `${widgetDir}src/${name}`)]
  return Math.max(...(await Promise.all(files.map(async (file) => (await stat(file)).mtimeMs))))
}

/**
 * The chat widget's ES module as a page downloads it (Lit included): raw bytes and gzip bytes
 * (level 9). Builds it first (`npm run build --workspace @switchboard/widget`) when the build is missing or older than
 * its sources. Budget: 12 KB gzip.
 */
export const widget: BenchCase = async ({ progress }) => {
  const built = await stat(bundle).then(
    (s) => s.mtimeMs,
    () => 0,
  )
  if (built < (await newestSource())) {
    progress('widget: building (vite)')
    await build({ configFile: `${widgetDir}vite.config.ts`, logLevel: 'warn' })
  }
  const code = await readFile(bundle)
  return [
    { metric: 'raw_bytes', value: code.length, unit: 'bytes' },
    { metric: 'gzip_bytes', value: gzipSync(code, { level: 9 }).length, unit: 'bytes' },
  ]
}
