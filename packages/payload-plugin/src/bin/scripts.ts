import type { Config } from 'payload'

import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(import.meta.url)
// dist/bin/*.js in the installed package; src/bin/*.ts where an app runs the plugin from source
// (this repository's dev app, under tsx).
const scriptPath = (name: string) => path.join(path.dirname(here), `${name}${path.extname(here)}`)

/**
 * The commands the plugin adds to Payload's CLI (`npx payload <key>`), through the config's
 * `bin`. Each file exports `script(config)`, as Payload expects.
 */
export const binScripts: NonNullable<Config['bin']> = [
  { key: 'switchboard:worker', scriptPath: scriptPath('worker') },
  { key: 'switchboard:relink', scriptPath: scriptPath('relink') },
  { key: 'switchboard:telegram-login', scriptPath: scriptPath('telegramLogin') },
]
