/**
 * Streams handed a frame before the process may do other work: one frame to 10,000 streams costs
 * about half a second of CPU, which in one piece would hold every other request for as long.
 */
const sliceSize = 250

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Calls `each` with consecutive slices of `items`, letting the event loop run between them (I/O
 * first, so the writes of one slice are on their way before the next begins).
 */
export const inSlices = async <T>(items: readonly T[], each: (slice: readonly T[]) => void): Promise<void> => {
  for (let start = 0; start < items.length; start += sliceSize) {
    if (start > 0) await nextTurn()
    each(items.slice(start, start + sliceSize))
  }
}
