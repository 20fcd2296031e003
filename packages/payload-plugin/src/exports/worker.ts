// The worker, for an app that runs it inside one of its own processes (as the dev app's
// `npm run dev` does). `npx payload switchboard:worker` is the usual way; this entry keeps the
// listener code out of the Next.js bundles that load the plugin's main entry.
export { startWorker, workerSettings, type RunningWorker, type WorkerSettings } from '../worker/worker'
