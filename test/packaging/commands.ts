import { type ChildProcess, spawn } from 'node:child_process'

export interface CommandResult {
  code: number | null
  output: string
}

/**
 * Runs `command args` to completion and resolves with its exit code and output (stdout and
 * stderr interleaved). Rejects with that output when it exits non-zero or runs out of time.
 */
export const run = (
  command: string,
  args: string[],
  { cwd, env = process.env, timeoutMs = 300_000 }: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      const line = `${command} ${args.join(' ')} (in ${cwd})`
      if (code === 0) resolve({ code, output })
      else reject(new Error(`${line} ${signal ? `was killed (${signal}) after ${timeoutMs} ms` : `exited ${code}`}:\n${output.slice(-8_000)}`))
    })
  })

/** A long-running child whose output is collected, for commands that are stopped with a signal. */
export const start = (command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; detached?: boolean }) => {
  const child: ChildProcess = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: options.detached, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return { child, exited, output: () => output }
}

/** Resolves once `check` returns something truthy; rejects after `timeoutMs` with `what` and `context()`. */
export const waitFor = async <T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, context: () => string = () => ''): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await check()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\n${context().slice(-8_000)}`)
}
