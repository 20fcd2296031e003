'use client'

import React, { useEffect, useId, useMemo, useRef, useState } from 'react'

import type { Bucket, MessageVolume } from './types'

import {
  axisLabel,
  bucketLabel,
  type ChartBucket,
  formatCount,
  niceTicks,
  rangeLabel,
  type SeriesDef,
  seriesFor,
  type Split,
  toChartBuckets,
} from './chartData'
import { useBucketLoad } from './load'
import { LoadFailed } from './LoadFailed'

const baseClass = 'sb-volume'
const height = 260
const margin = { top: 14, right: 12, bottom: 30, left: 48 }
/** Room one date label needs under the axis, in pixels. */
const labelWidth = 46
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 })

const bucketNames: Record<Bucket, { adjective: string; noun: string }> = {
  day: { adjective: 'Daily', noun: 'day' },
  week: { adjective: 'Weekly', noun: 'week' },
}


/** Width of an element, following resizes (a first guess until it has been measured). */
const useWidth = (ref: React.RefObject<HTMLElement | null>, initial: number): number => {
  const [width, setWidth] = useState(initial)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const measure = () => setWidth(Math.max(240, Math.floor(element.getBoundingClientRect().width)))
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return width
}

interface ToggleProps<T extends string> {
  label: string
  onChange: (value: T) => void
  options: Array<{ label: string; value: T }>
  value: T
}

/** A small segmented control: buttons with `aria-pressed`, one pressed. */
/** The bucket sizes a dashboard panel offers. */
export const bucketOptions: { label: string; value: Bucket }[] = [
  { label: 'Days', value: 'day' },
  { label: 'Weeks', value: 'week' },
]

export const Toggle = <T extends string>({ label, onChange, options, value }: ToggleProps<T>) => (
  <div aria-label={label} className={`${baseClass}__toggle`} role="group">
    {options.map((option) => (
      <button
        aria-pressed={option.value === value}
        className={`${baseClass}__toggle-button`}
        key={option.value}
        onClick={() => onChange(option.value)}
        type="button"
      >
        {option.label}
      </button>
    ))}
  </div>
)

/**
 * Message volume over time as stacked bars (incoming and outgoing, or by source) per day or per
 * week, drawn as SVG with axes, a legend, a hover read-out and the same figures as a table.
 * Data from `GET <api>/switchboard/stats/message-volume?bucket=day|week` (the server's default range).
 */
export const VolumeChart: React.FC<{ apiRoute: string; reloadKey: number }> = ({ apiRoute, reloadKey }) => {
  const [bucket, setBucket] = useState<Bucket>('day')
  const [split, setSplit] = useState<Split>('direction')
  const [retry, setRetry] = useState(0)
  const [hovered, setHovered] = useState<number | undefined>()
  // Stays open across toggles and reloads once opened.
  const [tableOpen, setTableOpen] = useState(false)
  const wrapRef = useRef<HTMLDivElement>(null)
  const width = useWidth(wrapRef, 720)
  const ids = { title: useId(), desc: useId(), heading: useId() }
  const path = `${apiRoute}/switchboard/stats/message-volume`

  const current = useBucketLoad<MessageVolume, Bucket>(path, bucket, 'the message volume', reloadKey, retry)

  const series = seriesFor(split)
  const buckets = useMemo(
    () => (current?.state === 'ready' ? toChartBuckets({ ...current.data, bucket: current.data.bucket ?? bucket }, split) : []),
    [current, bucket, split],
  )
  useEffect(() => setHovered(undefined), [bucket, split])

  const totals = Object.fromEntries(series.map((s) => [s.key, buckets.reduce((sum, b) => sum + (b.values[s.key] ?? 0), 0)]))
  const grandTotal = buckets.reduce((sum, b) => sum + b.total, 0)
  const busiest = buckets.reduce<ChartBucket | undefined>((best, b) => (!best || b.total > best.total ? b : best), undefined)
  const range = rangeLabel(buckets, bucket, current?.state === 'ready' ? current.data.to : undefined)
  const names = bucketNames[bucket]

  const summary =
    buckets.length === 0 || grandTotal === 0
      ? `No messages ${range ? `from ${range}` : 'in this period'}.`
      : `${formatCount(grandTotal)} messages ${range ? `from ${range}` : ''}: ${series
          .map((s) => `${formatCount(totals[s.key] ?? 0)} ${s.label.toLowerCase()}`)
          .join(', ')}. Busiest ${names.noun}: ${busiest ? `${bucketLabel(busiest, bucket)} with ${formatCount(busiest.total)}` : 'none'}.`

  // Geometry.
  const plotWidth = Math.max(10, width - margin.left - margin.right)
  const plotHeight = height - margin.top - margin.bottom
  const ticks = niceTicks(Math.max(0, ...buckets.map((b) => b.total)))
  const yMax = ticks[ticks.length - 1]!
  const yOf = (value: number) => margin.top + plotHeight - (value / yMax) * plotHeight
  const band = buckets.length > 0 ? plotWidth / buckets.length : plotWidth
  const barWidth = Math.max(1, Math.min(40, band * 0.72))
  const labelEvery = Math.max(1, Math.ceil(labelWidth / band))
  const hoveredBucket = hovered !== undefined ? buckets[hovered] : undefined

  const state = !current || current.state === 'loading' ? 'loading' : current.state === 'error' ? 'error' : grandTotal === 0 ? 'empty' : 'ready'

  return (
    <section aria-labelledby={ids.heading} className={baseClass} data-bucket={bucket} data-split={split} data-state={state}>
      <div className={`${baseClass}__head`}>
        <h3 className={`${baseClass}__title`} id={ids.heading}>
          Message volume
        </h3>
        <div className={`${baseClass}__controls`}>
          <Toggle
            label="Bar per"
            onChange={setBucket}
            options={bucketOptions}
            value={bucket}
          />
          <Toggle
            label="Split bars by"
            onChange={setSplit}
            options={[
              { label: 'In / out', value: 'direction' },
              { label: 'Source', value: 'source' },
            ]}
            value={split}
          />
        </div>
      </div>

      <ul aria-label="Legend" className={`${baseClass}__legend`}>
        {series.map((s) => (
          <li key={s.key}>
            <span aria-hidden="true" className={`${baseClass}__swatch ${s.className}`} />
            {s.label}
            {state === 'ready' ? <span className={`${baseClass}__muted`}> {formatCount(totals[s.key] ?? 0)}</span> : null}
          </li>
        ))}
      </ul>

      <div className={`${baseClass}__plot`} ref={wrapRef}>
        {current?.state === 'error' ? (
          <LoadFailed className={`${baseClass}__problem`} message={current.problem.message} onRetry={() => setRetry((n) => n + 1)} />
        ) : state === 'loading' ? (
          <p aria-busy="true" className={`${baseClass}__placeholder`} style={{ height }}>
            Loading message volume…
          </p>
        ) : (
          <>
            <svg
              aria-describedby={ids.desc}
              aria-labelledby={ids.title}
              className={`${baseClass}__svg`}
              height={height}
              onMouseLeave={() => setHovered(undefined)}
              role="img"
              viewBox={`0 0 ${width} ${height}`}
              width={width}
            >
              <title id={ids.title}>{`${names.adjective} message volume, ${split === 'direction' ? 'incoming and outgoing' : 'by source'}`}</title>
              <desc id={ids.desc}>{summary}</desc>

              <g className={`${baseClass}__grid`}>
                {ticks.map((tick) => (
                  <g key={tick}>
                    <line x1={margin.left} x2={margin.left + plotWidth} y1={yOf(tick)} y2={yOf(tick)} />
                    <text className={`${baseClass}__tick`} dy="0.32em" textAnchor="end" x={margin.left - 6} y={yOf(tick)}>
                      {compact.format(tick)}
                    </text>
                  </g>
                ))}
              </g>

              <g className={`${baseClass}__bars`}>
                {buckets.map((b, index) => {
                  const x = margin.left + index * band + (band - barWidth) / 2
                  let base = 0
                  return (
                    <g className={hovered === index ? `${baseClass}__column ${baseClass}__column--hovered` : `${baseClass}__column`} key={b.key}>
                      {series.map((s) => {
                        const value = b.values[s.key] ?? 0
                        if (value <= 0) return null
                        const top = yOf(base + value)
                        const rect = (
                          <rect
                            className={`${baseClass}__bar ${s.className}`}
                            data-series={s.key}
                            data-value={value}
                            height={Math.max(0.5, yOf(base) - top)}
                            key={s.key}
                            width={barWidth}
                            x={x}
                            y={top}
                          />
                        )
                        base += value
                        return rect
                      })}
                      {/* The whole column is the hover target, also where its bar is short. */}
                      <rect
                        className={`${baseClass}__hit`}
                        height={plotHeight}
                        onMouseEnter={() => setHovered(index)}
                        width={band}
                        x={margin.left + index * band}
                        y={margin.top}
                      >
                        <title>{`${bucketLabel(b, bucket)}: ${series.map((s) => `${formatCount(b.values[s.key] ?? 0)} ${s.label.toLowerCase()}`).join(', ')}`}</title>
                      </rect>
                    </g>
                  )
                })}
              </g>

              <g className={`${baseClass}__axis`}>
                <line x1={margin.left} x2={margin.left + plotWidth} y1={margin.top + plotHeight} y2={margin.top + plotHeight} />
                <line x1={margin.left} x2={margin.left} y1={margin.top} y2={margin.top + plotHeight} />
                {buckets.map((b, index) =>
                  (buckets.length - 1 - index) % labelEvery === 0 ? (
                    <text
                      className={`${baseClass}__tick`}
                      key={b.key}
                      textAnchor="middle"
                      x={margin.left + index * band + band / 2}
                      y={margin.top + plotHeight + 18}
                    >
                      {axisLabel(b)}
                    </text>
                  ) : null,
                )}
              </g>

              {state === 'empty' ? (
                <text className={`${baseClass}__empty`} textAnchor="middle" x={margin.left + plotWidth / 2} y={margin.top + plotHeight / 2}>
                  No messages in this period
                </text>
              ) : null}
            </svg>

            {hoveredBucket ? (
              <div
                aria-hidden="true"
                className={`${baseClass}__readout`}
                // Beside the column, on the side with more room, so it never covers the bar it describes.
                style={readoutPosition(margin.left + hovered! * band, band, width)}
              >
                <strong>{bucketLabel(hoveredBucket, bucket)}</strong>
                {series.map((s) => (
                  <span key={s.key}>
                    <span className={`${baseClass}__swatch ${s.className}`} /> {s.label}: {formatCount(hoveredBucket.values[s.key] ?? 0)}
                  </span>
                ))}
                <span>Total: {formatCount(hoveredBucket.total)}</span>
              </div>
            ) : null}
          </>
        )}
      </div>

      {state === 'ready' || state === 'empty' ? (
        <>
          <p className={`${baseClass}__summary`}>{summary}</p>
          <details
            className={`${baseClass}__table-wrap`}
            onToggle={(event) => setTableOpen(event.currentTarget.open)}
            open={tableOpen}
          >
            <summary>Show the figures as a table</summary>
            <VolumeTable bucket={bucket} buckets={buckets} series={series} />
          </details>
        </>
      ) : null}
    </section>
  )
}

const readoutWidth = 180

const readoutPosition = (columnLeft: number, band: number, width: number): React.CSSProperties =>
  columnLeft + band / 2 > width / 2
    ? { left: Math.max(0, columnLeft - readoutWidth - 6) }
    : { left: Math.min(columnLeft + band + 6, Math.max(0, width - readoutWidth)) }

const VolumeTable: React.FC<{ bucket: Bucket; buckets: ChartBucket[]; series: SeriesDef[] }> = ({ bucket, buckets, series }) => (
  <table className={`${baseClass}__table`}>
    <caption>Messages per {bucketNames[bucket].noun}</caption>
    <thead>
      <tr>
        <th scope="col">{bucket === 'week' ? 'Week starting' : 'Day'}</th>
        {series.map((s) => (
          <th key={s.key} scope="col">
            {s.label}
          </th>
        ))}
        <th scope="col">Total</th>
      </tr>
    </thead>
    <tbody>
      {buckets.map((b) => (
        <tr key={b.key}>
          <th scope="row">{bucketLabel(b, bucket)}</th>
          {series.map((s) => (
            <td key={s.key}>{formatCount(b.values[s.key] ?? 0)}</td>
          ))}
          <td>{formatCount(b.total)}</td>
        </tr>
      ))}
    </tbody>
  </table>
)
