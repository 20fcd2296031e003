import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The dev app's folder: Payload's CLI finds its payload.config.ts there, as in any Payload app. */
export const devAppDir = fileURLToPath(new URL('../../dev/', import.meta.url))

/** Payload's CLI script (what `npx payload` runs), installed at the workspace root. */
const payloadBin = fileURLToPath(new URL('../../node_modules/payload/bin.js', import.meta.url))

/**
 * `npx payload <args>` in the dev app, started as node itself (no npm or npx in between), so a
 * signal sent to the child reaches Payload's CLI and the plugin's bin script directly.
 */
export const spawnPayloadCli = (args: string[], options: SpawnOptions = {}): ChildProcess =>
  spawn(process.execPath, [payloadBin, ...args], { cwd: devAppDir, ...options })
