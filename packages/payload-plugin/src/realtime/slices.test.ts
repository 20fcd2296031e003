import { describe, expect, it } from 'vitest'

import { inSlices } from './slices'

describe('inSlices', () => {
  it('visits every item once, in order, in slices of 250', async () => {
    const items = Array.from({ length: 1001 }, (_, index) => index)
    const slices: number[][] = []
    await inSlices(items, (slice) => void slices.push([...slice]))
    expect(slices.map((slice) => slice.length)).toEqual([250, 250, 250, 250, 1])
    expect(slices.flat()).toEqual(items)
  })

  it('lets other work run between slices, not within one', async () => {
    const log: string[] = []
    const done = inSlices([1, 2, 3, ...Array.from({ length: 300 }, () => 0)], (slice) => {
      log.push(`slice of ${slice.length}`)
      setImmediate(() => log.push('other work'))
    })
    await done
    expect(log).toEqual(['slice of 250', 'other work', 'slice of 53'])
  })

  it('does nothing for no items', async () => {
    let calls = 0
    await inSlices([], () => calls++)
    expect(calls).toBe(0)
  })
})
