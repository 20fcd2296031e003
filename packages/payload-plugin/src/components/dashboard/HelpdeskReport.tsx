'use client'

import Link from 'next/link'
import React, { useId, useState } from 'react'

import type { Bucket, DurationPoint, DurationSummary, HelpdeskReport as Report } from './types'

import { formatCount, formatDuration } from './chartData'
import { useBucketLoad } from './load'
import { LoadFailed } from './LoadFailed'
import { bucketOptions, Toggle } from './VolumeChart'

const baseClass = 'sb-reports'


const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
const weekFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const bucketText = (start: string, bucket: Bucket) => {
  const date = new Date(`${start}T00:00:00Z`)
  return bucket === 'week' ? `Week of ${weekFormat.format(date)}` : dayFormat.format(date)
}

const metrics = [
  { key: 'firstResponse', title: 'First response', what: 'first responses' },
  { key: 'resolution', title: 'Resolution', what: 'resolutions' },
] as const

/** Median and p90 over the range: the headline of one metric. */
const Headline: React.FC<{ name: string; summary: DurationSummary | undefined; title: string; what: string }> = ({ name, summary, title, what }) => (
  <div className={`${baseClass}__headline`}>
    <h4 className={`${baseClass}__metric`}>{title}</h4>
    {summary && summary.count > 0 ? (
      <>
        <p className={`${baseClass}__figures`}>
          <span>
            <span className={`${baseClass}__value`} data-figure={`${name}.median`}>
              {formatDuration(summary.medianSeconds)}
            </span>{' '}
            median
          </span>
          <span>
            <span className={`${baseClass}__value`} data-figure={`${name}.p90`}>
              {formatDuration(summary.p90Seconds)}
            </span>{' '}
            90th percentile
          </span>
        </p>
        <p className={`${baseClass}__muted`}>
          over <span data-figure={`${name}.count`}>{formatCount(summary.count)}</span> {what}
        </p>
      </>
    ) : (
      <p className={`${baseClass}__muted`} data-figure={`${name}.empty`}>
        No {what} in this period.
      </p>
    )}
  </div>
)

/** A bar from 0 to p90 with the median marked, scaled to the longest p90 shown. Decoration: the cells beside it say the same. */
const Spread: React.FC<{ max: number; point: DurationPoint }> = ({ max, point }) =>
  point.count > 0 && max > 0 ? (
    <span aria-hidden="true" className={`${baseClass}__spread`}>
      <span className={`${baseClass}__spread-p90`} style={{ width: `${((point.p90Seconds ?? 0) / max) * 100}%` }} />
      <span className={`${baseClass}__spread-median`} style={{ left: `${((point.medianSeconds ?? 0) / max) * 100}%` }} />
    </span>
  ) : null

/**
 * Response and resolution times beside the message volume: median and 90th percentile over the
 * range, the same per day or week as a table with small bars, and the backlog (conversations not
 * resolved) by assignee and status, each count linking to that list. Data from
 * `GET <api>/switchboard/stats/helpdesk?bucket=day|week` (the last 30 days or 12 weeks).
 */
export const HelpdeskReport: React.FC<{ apiRoute: string; conversations: (where?: Record<string, string>) => string; reloadKey: number }> = ({
  apiRoute,
  conversations,
  reloadKey,
}) => {
  const [bucket, setBucket] = useState<Bucket>('day')
  const [retry, setRetry] = useState(0)
  const ids = { heading: useId(), table: useId(), backlog: useId() }
  const path = `${apiRoute}/switchboard/stats/helpdesk`
  const current = useBucketLoad<Report, Bucket>(path, bucket, 'the response and resolution times', reloadKey, retry)

  const report = current?.state === 'ready' ? current.data : undefined
  const state = !current || current.state === 'loading' ? 'loading' : current.state === 'error' ? 'error' : 'ready'
  // Newest first: the days a team looks at; only buckets where something was measured.
  const rows = report
    ? report.firstResponse.series
        .map((point, index) => ({ first: point, resolution: report.resolution.series[index] ?? { ...point, count: 0, medianSeconds: null, p90Seconds: null } }))
        .filter((row) => row.first.count > 0 || row.resolution.count > 0)
        .reverse()
    : []
  const maxOf = (key: 'first' | 'resolution') => Math.max(0, ...rows.map((row) => row[key].p90Seconds ?? 0))
  const max = { first: maxOf('first'), resolution: maxOf('resolution') }
  const open = (where: Record<string, string>) => conversations({ '[isArchived][not_equals]': 'true', ...where })

  return (
    <section aria-labelledby={ids.heading} className={baseClass} data-bucket={bucket} data-state={state}>
      <div className={`${baseClass}__head`}>
        <h3 className={`${baseClass}__title`} id={ids.heading}>
          Response and resolution times
        </h3>
        <Toggle
          label="Figures per"
          onChange={setBucket}
          options={bucketOptions}
          value={bucket}
        />
      </div>

      {current?.state === 'error' ? (
        <LoadFailed className={`${baseClass}__problem`} message={current.problem.message} onRetry={() => setRetry((n) => n + 1)} />
      ) : !report ? (
        <p aria-busy="true" className={`${baseClass}__muted`}>
          Loading response and resolution times…
        </p>
      ) : (
        <>
          <p className={`${baseClass}__muted`}>
            {bucket === 'week' ? 'The last 12 weeks' : 'The last 30 days'}, counted on the day the reply or resolution happened.
          </p>
          <div className={`${baseClass}__headlines`}>
            {metrics.map((metric) => (
              <Headline key={metric.key} name={`reports.${metric.key}`} summary={report[metric.key]?.overall} title={metric.title} what={metric.what} />
            ))}
          </div>

          {rows.length > 0 ? (
            // A scrollable region a keyboard can reach (tabIndex) and a screen reader can name.
            <div aria-labelledby={ids.table} className={`${baseClass}__scroll`} role="region" tabIndex={0}>
              <table className={`${baseClass}__table`}>
                <caption id={ids.table}>Median and 90th percentile per {bucket === 'week' ? 'week' : 'day'}, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">{bucket === 'week' ? 'Week' : 'Day'}</th>
                    <th scope="col">First response: median</th>
                    <th scope="col">p90</th>
                    <th scope="col">Replies</th>
                    <th scope="col">Resolution: median</th>
                    <th scope="col">p90</th>
                    <th scope="col">Resolved</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ first, resolution }) => (
                    <tr data-start={first.start} key={first.start}>
                      <th scope="row">{bucketText(first.start, bucket)}</th>
                      <td>
                        {formatDuration(first.medianSeconds)}
                        <Spread max={max.first} point={first} />
                      </td>
                      <td>{formatDuration(first.p90Seconds)}</td>
                      <td>{formatCount(first.count)}</td>
                      <td>
                        {formatDuration(resolution.medianSeconds)}
                        <Spread max={max.resolution} point={resolution} />
                      </td>
                      <td>{formatDuration(resolution.p90Seconds)}</td>
                      <td>{formatCount(resolution.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}

          <h4 className={`${baseClass}__metric`} id={ids.backlog}>
            Waiting now, by assignee
          </h4>
          {report.backlog.length > 0 ? (
            <table aria-labelledby={ids.backlog} className={`${baseClass}__table ${baseClass}__backlog`}>
              <thead>
                <tr>
                  <th scope="col">Assignee</th>
                  <th scope="col">Open</th>
                  <th scope="col">Pending</th>
                  <th scope="col">Snoozed</th>
                </tr>
              </thead>
              <tbody>
                {report.backlog.map((row) => {
                  const who: Record<string, string> = row.assignee ? { '[assignee][equals]': String(row.assignee.id) } : { '[assignee][exists]': 'false' }
                  const key = row.assignee ? String(row.assignee.id) : 'unassigned'
                  return (
                    <tr data-assignee={key} key={key}>
                      <th scope="row">{row.assignee ? row.assignee.name : 'Unassigned'}</th>
                      {(['open', 'pending', 'snoozed'] as const).map((status) => (
                        <td key={status}>
                          {row[status] > 0 ? (
                            <Link data-figure={`reports.backlog.${key}.${status}`} href={open({ ...who, '[status][equals]': status })}>
                              {formatCount(row[status])}
                            </Link>
                          ) : (
                            <span className={`${baseClass}__muted`}>0</span>
                          )}
                        </td>
                      ))}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          ) : (
            <p className={`${baseClass}__muted`}>Nothing waiting: every conversation in the inbox is resolved.</p>
          )}
        </>
      )}
    </section>
  )
}
