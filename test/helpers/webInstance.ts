import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import { devAppDir } from './cli'

const entry = fileURLToPath(new URL('./webInstanceMain.ts', import.meta.url))

export interface WebInstance {
  child: ChildProcess
  /** `http://127.0.0.1:<port>/api` */
  api: string
  output: () => string
}

/** Starts a web instance (webInstanceMain.ts) in its own process; resolves once it listens. */
export const spawnWebInstance = (env: NodeJS.ProcessEnv): Promise<WebInstance> =>
  new Promise((resolve, reject) => {
    let output = ''
    // In the dev app's folder, so that tsx applies its tsconfig paths (the plugin from source).
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: devAppDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    const timer = setTimeout(() => reject(new Error(`the web instance did not start within 90 s\n${output}`)), 90_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const port = /listening (\d+)/.exec(output)?.[1]
      if (port) {
        clearTimeout(timer)
        resolve({ child, api: `http://127.0.0.1:${port}/api`, output: () => output })
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the web instance exited (${code})\n${output}`))
    })
  })
