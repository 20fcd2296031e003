import type { Bucket, MessageVolume, SourceKey } from './types'

/** The series a bar can be split into. */
export type Split = 'direction' | 'source'

export interface SeriesDef {
  key: string
  label: string
  /** CSS class of the series' bars and legend swatch (colours in dashboard.scss). */
  className: string
}

export const directionSeries: SeriesDef[] = [
  { key: 'in', label: 'Incoming', className: 'sb-series--in' },
  { key: 'out', label: 'Outgoing', className: 'sb-series--out' },
]

export const sourceKeys: SourceKey[] = ['telegram', 'widget', 'direct', 'stream']

export const sourceLabels: Record<SourceKey, string> = {
  telegram: 'Telegram',
  widget: 'Website chat',
  direct: 'Direct',
  stream: 'Stream Chat',
}

export const sourceSeries: SeriesDef[] = sourceKeys.map((key) => ({ key, label: sourceLabels[key], className: `sb-series--${key}` }))

export const seriesFor = (split: Split): SeriesDef[] => (split === 'direction' ? directionSeries : sourceSeries)

/** One bar: its bucket and the value of each series (keys of `seriesFor`). */
export interface ChartBucket {
  /** `YYYY-MM-DD` of the bucket's first day. */
  key: string
  /** Midnight UTC of that day, for formatting. */
  date: Date
  values: Record<string, number>
  total: number
}

const dayMs = 86_400_000
const maxBuckets = 400

/** A count from the API; Postgres counts can arrive as strings. */
export const countOf = (value: unknown): number => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN
  return Number.isFinite(n) && n > 0 ? n : 0
}

/** The calendar day a bucket starts on, as the server wrote it (`2026-01-05`, or the date part of a timestamp). */
const dayKeyOf = (start: string): string | undefined => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(start)) return start
  const time = Date.parse(start)
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10)
}

const keyAt = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const msOfKey = (key: string) => Date.parse(`${key}T00:00:00Z`)

/**
 * The bars of the chart, oldest first: one per bucket of the answer, with the buckets the server
 * left out (no messages) filled in as zeros between `from` and `to`, so the time axis is even.
 */
export const toChartBuckets = (volume: MessageVolume, split: Split): ChartBucket[] => {
  const step = (volume.bucket === 'week' ? 7 : 1) * dayMs
  const byKey = new Map<string, Record<string, number>>()
  for (const point of volume.series ?? []) {
    const key = dayKeyOf(String(point.start))
    if (!key) continue
    const values =
      split === 'direction'
        ? { in: countOf(point.in), out: countOf(point.out) }
        : Object.fromEntries(sourceKeys.map((source) => [source, countOf(point.bySource?.[source])]))
    const previous = byKey.get(key)
    byKey.set(key, previous ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v + (previous[k] ?? 0)])) : values)
  }
  const keys = [...byKey.keys()].sort()
  if (keys.length === 0) return []

  // Walk from the first bucket back to `from` and from the last forward to `to`, in bucket steps.
  const from = Date.parse(volume.from)
  const to = Date.parse(volume.to)
  let first = msOfKey(keys[0]!)
  const last = msOfKey(keys[keys.length - 1]!)
  if (!Number.isNaN(from)) while (first > from && (last - first) / step < maxBuckets) first -= step
  let end = last
  if (!Number.isNaN(to)) while (end + step <= to && (end - first) / step < maxBuckets) end += step

  const zero = Object.fromEntries(seriesFor(split).map((s) => [s.key, 0]))
  const buckets: ChartBucket[] = []
  for (let at = first; at <= end; at += step) {
    const key = keyAt(at)
    const values = byKey.get(key) ?? zero
    buckets.push({ key, date: new Date(at), values, total: Object.values(values).reduce((sum, v) => sum + v, 0) })
  }
  // Server keys that are not on the step grid (an unexpected bucket alignment): keep them all.
  if (keys.some((key) => !buckets.some((bucket) => bucket.key === key))) {
    return keys.map((key) => {
      const values = byKey.get(key)!
      return { key, date: new Date(msOfKey(key)), values, total: Object.values(values).reduce((sum, v) => sum + v, 0) }
    })
  }
  return buckets
}

/** Round axis ticks from 0 to at least `max`: 0, step, 2·step, … with step 1, 2 or 5 × 10ⁿ. */
export const niceTicks = (max: number, target = 4): number[] => {
  if (!(max > 0)) return [0, 1]
  const raw = max / target
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = Math.max(1, ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude)
  const ticks: number[] = []
  for (let value = 0; value < max + step; value += step) {
    ticks.push(value)
    if (value >= max) break
  }
  return ticks
}

const formatters = {
  axisDay: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' }),
  longDay: new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  range: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  number: new Intl.NumberFormat(),
}

export const formatCount = (value: number): string => formatters.number.format(value)

/** Short label under a bar: "5 Jan". */
export const axisLabel = (bucket: ChartBucket): string => formatters.axisDay.format(bucket.date)

/** A bucket in words: "Mon, 5 Jan 2026" or "Week of 5 Jan 2026". */
export const bucketLabel = (bucket: ChartBucket, size: Bucket): string =>
  size === 'week' ? `Week of ${formatters.range.format(bucket.date)}` : formatters.longDay.format(bucket.date)

/** "5 Dec 2025 – 3 Jan 2026" for the buckets shown, ending at `to` (ISO) when the last week runs past it. */
export const rangeLabel = (buckets: ChartBucket[], size: Bucket, to?: string): string => {
  if (buckets.length === 0) return ''
  const first = buckets[0]!.date
  const lastStart = buckets[buckets.length - 1]!.date
  const end = to ? Date.parse(to) : NaN
  const weekEnd = lastStart.getTime() + 6 * dayMs
  const last = size === 'week' ? new Date(Number.isNaN(end) ? weekEnd : Math.max(lastStart.getTime(), Math.min(weekEnd, end))) : lastStart
  return `${formatters.range.format(first)} – ${formatters.range.format(last)}`
}

/** A duration for people: "45 s", "12 min", "3 h 5 min", "2 d 4 h"; "—" when there is none. */
export const formatDuration = (seconds: null | number | undefined): string => {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  const s = Math.max(0, Math.round(seconds))
  if (s < 90) return `${s} s`
  const minutes = Math.round(s / 60)
  if (minutes < 90) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`
  const days = Math.floor(hours / 24)
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`
}
