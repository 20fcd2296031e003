import { describe, expect, it } from 'vitest'

import type { MessageVolume, VolumePoint } from './types'

import { countOf, formatDuration, niceTicks, rangeLabel, seriesFor, toChartBuckets } from './chartData'

const point = (start: string, counts: Partial<VolumePoint> = {}): VolumePoint => ({
  start,
  in: 0,
  out: 0,
  bySource: { telegram: 0, widget: 0, direct: 0, stream: 0 },
  ...counts,
})

const volume = (bucket: MessageVolume['bucket'], from: string, to: string, series: VolumePoint[]): MessageVolume => ({ bucket, from, to, series })

describe('countOf', () => {
  it('reads numbers and the strings Postgres counts arrive as; anything else is 0', () => {
    expect(countOf(3)).toBe(3)
    expect(countOf('12')).toBe(12)
    expect(countOf(null)).toBe(0)
    expect(countOf('many')).toBe(0)
    expect(countOf(-2)).toBe(0)
    expect(countOf(Number.POSITIVE_INFINITY)).toBe(0)
  })
})

describe('toChartBuckets', () => {
  it('fills the days without messages with zeros between from and to, oldest first', () => {
    const buckets = toChartBuckets(
      volume('day', '2026-01-01T00:00:00Z', '2026-01-05T12:00:00Z', [point('2026-01-04', { in: 1, out: 2 }), point('2026-01-02', { in: '3' as unknown as number })]),
      'direction',
    )
    expect(buckets.map((bucket) => [bucket.key, bucket.values, bucket.total])).toEqual([
      ['2026-01-01', { in: 0, out: 0 }, 0],
      ['2026-01-02', { in: 3, out: 0 }, 3],
      ['2026-01-03', { in: 0, out: 0 }, 0],
      ['2026-01-04', { in: 1, out: 2 }, 3],
      ['2026-01-05', { in: 0, out: 0 }, 0],
    ])
    expect(buckets[0]!.date.toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })

  it('steps a week at a time for weekly buckets, and reads timestamps as their UTC day', () => {
    const buckets = toChartBuckets(volume('week', '2025-12-22T00:00:00Z', '2026-01-12T00:00:00Z', [point('2026-01-05T00:00:00.000Z', { out: 4 })]), 'direction')
    expect(buckets.map((bucket) => bucket.key)).toEqual(['2025-12-22', '2025-12-29', '2026-01-05', '2026-01-12'])
    expect(buckets[2]!.values).toEqual({ in: 0, out: 4 })
  })

  it('splits by source, and adds up points that fall on the same day', () => {
    const buckets = toChartBuckets(
      volume('day', '2026-01-02', '2026-01-02', [
        point('2026-01-02', { bySource: { telegram: 1, widget: 2, direct: 0, stream: 0 } }),
        point('2026-01-02T00:00:00Z', { bySource: { telegram: 3, widget: 0, direct: 1, stream: 0 } }),
      ]),
      'source',
    )
    expect(buckets).toHaveLength(1)
    expect(buckets[0]!.values).toEqual({ telegram: 4, widget: 2, direct: 1, stream: 0 })
    expect(buckets[0]!.total).toBe(7)
    expect(Object.keys(buckets[0]!.values)).toEqual(seriesFor('source').map((series) => series.key))
  })

  it('keeps every server bucket when they are not on the step grid', () => {
    const buckets = toChartBuckets(volume('week', 'x', 'y', [point('2026-01-05', { in: 1 }), point('2026-01-07', { in: 2 })]), 'direction')
    expect(buckets.map((bucket) => [bucket.key, bucket.total])).toEqual([
      ['2026-01-05', 1],
      ['2026-01-07', 2],
    ])
  })

  it('draws nothing without data, and ignores unreadable bucket starts', () => {
    expect(toChartBuckets(volume('day', '2026-01-01', '2026-01-31', []), 'direction')).toEqual([])
    expect(toChartBuckets(volume('day', '2026-01-01', '2026-01-31', [point('not a date', { in: 5 })]), 'direction')).toEqual([])
  })

  it('stops filling at 400 buckets however wide the range', () => {
    const buckets = toChartBuckets(volume('day', '1990-01-01', '2026-01-01', [point('2025-12-31', { in: 1 })]), 'direction')
    expect(buckets.length).toBeLessThanOrEqual(401)
    expect(buckets.at(-1)!.key).toBe('2025-12-31')
  })
})

describe('niceTicks', () => {
  it('counts up from 0 in steps of 1, 2 or 5 × 10ⁿ to at least the maximum', () => {
    expect(niceTicks(0)).toEqual([0, 1])
    expect(niceTicks(3)).toEqual([0, 1, 2, 3])
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8])
    expect(niceTicks(95)).toEqual([0, 50, 100])
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500])
  })
})

describe('formatDuration', () => {
  it('says a duration in the largest sensible units', () => {
    expect(formatDuration(undefined)).toBe('—')
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(Number.NaN)).toBe('—')
    expect(formatDuration(-5)).toBe('0 s')
    expect(formatDuration(45)).toBe('45 s')
    expect(formatDuration(12 * 60)).toBe('12 min')
    expect(formatDuration(3 * 3600)).toBe('3 h')
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 5 min')
    expect(formatDuration(2 * 86400 + 4 * 3600)).toBe('2 d 4 h')
    expect(formatDuration(3 * 86400)).toBe('3 d')
  })
})

describe('rangeLabel', () => {
  it('is empty without buckets, and spans the first to the last bucket', () => {
    expect(rangeLabel([], 'day')).toBe('')
    const buckets = toChartBuckets(volume('day', '2026-01-01', '2026-01-03', [point('2026-01-01', { in: 1 })]), 'direction')
    const [from, to] = rangeLabel(buckets, 'day').split(' – ')
    expect(from).not.toBe(to)
    expect(rangeLabel(buckets.slice(0, 1), 'day')).toBe(`${from} – ${from}`)
  })
})
