import type { Payload } from 'payload'

import type { RelinkReport } from '../identity/relinkAll'

import { relinkAll as relinkWith } from '../identity/relinkAll'
import { switchboardOptionsOf } from '../options'
import { type RunningWorker, startWorker as startWorkerWith, type WorkerSettings, workerSettings } from '../worker/worker'

// Switchboard's server API, for an app's own scripts and long-running processes (Node only: it
// loads the Telegram client, which must stay out of the Next.js bundles that load the main entry).
// Every function takes the Payload instance and reads the plugin's options from its config.

export { stopSwitchboard } from '../shutdown'
export { telegramLogin, type LoginPrompt } from '../telegramLogin'
export { LoginError } from '../telegram/login'
export { workerSettings, type RunningWorker, type WorkerSettings } from '../worker/worker'
export type { RelinkReport } from '../identity/relinkAll'

/**
 * Starts the worker in this process (what `npx payload switchboard:worker` runs): the jobs queues
 * and one Telegram listener per connected account whose lease it takes. Stop it with `stop()`
 * before closing Payload.
 * @param settings lease and polling timings; @default `workerSettings()` (from the environment)
 */
export const startWorker = (payload: Payload, settings: WorkerSettings = workerSettings()): RunningWorker =>
  startWorkerWith(payload, switchboardOptionsOf(payload), settings)

/**
 * Applies the automatic Telegram linking rule to every existing Telegram user (what
 * `npx payload switchboard:relink` runs) and returns the counts. `dryRun` writes nothing.
 */
export const relinkAll = (payload: Payload, run: { dryRun?: boolean; onProgress?: (report: RelinkReport) => void } = {}): Promise<RelinkReport> =>
  relinkWith(payload, switchboardOptionsOf(payload), run)
