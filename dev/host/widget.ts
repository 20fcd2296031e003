import { copyFile, mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

import { newestMtime } from './newestMtime'

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** Where Next.js serves the widget from: `/widget/switchboard-chat.js`, `.iife.js` and `/widget/switchboard-launcher.js`. */
export const publicWidgetDir = path.join(appDir, 'public', 'widget')
const bundles = ['switchboard-chat.js', 'switchboard-chat.iife.js', 'switchboard-launcher.js']

/**
 * The installed `@switchboard/widget`'s dist/ folder. In this workspace the package is linked to
 * packages/widget, whose dist/ a fresh clone does not have: it is built first (Vite's JS API, the
 * package's own vite.config.ts) when missing or older than its sources.
 */
export const builtWidgetDir = async (log: (message: string) => void = console.log): Promise<string> => {
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('@switchboard/widget/package.json'))
  const distDir = path.join(packageDir, 'dist')
  const configFile = path.join(packageDir, 'vite.config.ts')
  const sources = [path.join(packageDir, 'src'), configFile]
  const built = Math.min(...bundles.map((file) => newestMtime(path.join(distDir, file))))
  if (existsSync(configFile) && built < Math.max(...sources.map(newestMtime))) {
    log('Building the chat widget…')
    // Vite sets NODE_ENV=production for a build when it is unset; this process goes on to run
    // Payload (and `next dev`), which must not see it.
    const env = process.env as Record<string, string | undefined>
    const nodeEnv = env.NODE_ENV
    try {
      await build({ configFile, logLevel: 'warn' })
      await build({ configFile, logLevel: 'warn', mode: 'launcher' })
    } finally {
      if (nodeEnv === undefined) delete env.NODE_ENV
      else env.NODE_ENV = nodeEnv
    }
  }
  return distDir
}

/**
 * Puts the widget's bundles from the installed `@switchboard/widget` into `public/widget/`, as a
 * site that installs the package serves them (built first when stale, see `builtWidgetDir`).
 */
export const prepareWidget = async (log: (message: string) => void = console.log): Promise<void> => {
  const distDir = await builtWidgetDir(log)
  await mkdir(publicWidgetDir, { recursive: true })
  for (const file of bundles) {
    if (!existsSync(path.join(distDir, file))) throw new Error(`@switchboard/widget has no dist/${file}; build it with \`npm run build --workspace @switchboard/widget\`.`)
    await copyFile(path.join(distDir, file), path.join(publicWidgetDir, file))
  }
}
