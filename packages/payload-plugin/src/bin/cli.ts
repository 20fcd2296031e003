import type { Payload, SanitizedConfig } from 'payload'

import { getPayload } from 'payload'

import { stopSwitchboard } from '../exports/server'

/**
 * The arguments after the script's key: `payload switchboard:relink --dry-run` → `['--dry-run']`.
 * Payload's CLI passes its whole command line through (and lower-cases only the key).
 */
export const scriptArgs = (key: string): string[] => {
  const at = process.argv.findIndex((arg) => arg.toLowerCase() === key)
  return at < 0 ? [] : process.argv.slice(at + 1)
}

/**
 * Runs a one-shot command on Payload and ends the process with its exit code. Payload's CLI
 * exits 0 once a bin script's promise settles and only logs a script that throws, so the
 * script exits itself: 0, its own code, or 1 with the error.
 */
export const runCommand = async (config: SanitizedConfig, command: (payload: Payload) => Promise<number | void>): Promise<never> => {
  let code = 1
  const payload = await getPayload({ config })
  try {
    code = (await command(payload)) ?? 0
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
  } finally {
    await stopSwitchboard(payload).catch(() => undefined)
    await payload.destroy().catch(() => undefined)
  }
  process.exit(code)
}
