/** Polls `check` until it returns something truthy (and returns that), or throws after `timeoutMs`. */
export const waitFor = async <T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000, pollMs = 100): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}
