const started = performance.now()

/** Writes a timestamped progress line to stderr; stdout is reserved for the result table. */
export const progress = (message: string): void => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6)
  process.stderr.write(`[bench ${seconds}s] ${message}\n`)
}
