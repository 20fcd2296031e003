import type { PayloadRequest, ServerProps } from 'payload'

import Link from 'next/link'
import React from 'react'

import type { AccountHealth, HealthReport, QueueHealth } from '../../stats/health'

import { isStaff } from '../../access/roles'
import { switchboardOptionsOf } from '../../options'
import { formatDuration, readHealth } from '../../stats/health'
import './health.scss'

const baseClass = 'sb-health'

const statusLabels: Record<AccountHealth['status'], string> = { connected: 'Connected', 'needs-login': 'Needs login' }
const listenerLabels: Record<string, string> = {
  connecting: 'Connecting',
  listening: 'Listening',
  reconnecting: 'Reconnecting',
  stopped: 'Stopped',
}

/** `now`, `3 min ago`, `in 45 s`: a time relative to when the report was taken (no time zones to get wrong). */
const relative = (iso: null | string, checkedAt: string): null | string => {
  if (!iso) return null
  const seconds = (Date.parse(checkedAt) - Date.parse(iso)) / 1000
  if (Math.abs(seconds) < 1) return 'now'
  return seconds > 0 ? `${formatDuration(seconds)} ago` : `in ${formatDuration(-seconds)}`
}

/** A timestamp: relative to the check, the exact UTC time on hover and for assistive technology via `dateTime`. */
const When: React.FC<{ iso: null | string; checkedAt: string }> = ({ iso, checkedAt }) =>
  iso ? (
    <time dateTime={iso} title={iso}>
      {relative(iso, checkedAt)}
    </time>
  ) : (
    <span className={`${baseClass}__none`}>never</span>
  )

/** A reason with its `commands` in code spans. */
const Sentence: React.FC<{ text: string }> = ({ text }) => (
  <>{text.split('`').map((part, index) => (index % 2 ? <code key={index}>{part}</code> : <React.Fragment key={index}>{part}</React.Fragment>))}</>
)

const Tone: React.FC<{ tone: 'bad' | 'good' | 'warn'; children: React.ReactNode }> = ({ tone, children }) => (
  <span className={`${baseClass}__tone ${baseClass}__tone--${tone}`}>{children}</span>
)

const AccountRow: React.FC<{ account: AccountHealth; adminRoute: string; accountsSlug: string; checkedAt: string }> = ({
  account,
  adminRoute,
  accountsSlug,
  checkedAt,
}) => {
  const { lease } = account
  const listening = account.status === 'connected' && lease?.fresh
  const listener = account.listenerState ?? 'stopped'
  return (
    <tr>
      <th scope="row">
        <Link href={`${adminRoute}/collections/${accountsSlug}/${account.id}`}>{account.name}</Link>
        <span className={`${baseClass}__muted`}> · {account.kind === 'bot' ? 'bot' : 'user'}</span>
      </th>
      <td>
        {account.status === 'connected' ? (
          <Tone tone="good">{statusLabels.connected}</Tone>
        ) : (
          <>
            <Tone tone="bad">{statusLabels['needs-login']}</Tone>{' '}
            <Link href={`${adminRoute}/telegram/connect?account=${account.id}`}>
              Log in again<span className={`${baseClass}__visually-hidden`}> to {account.name}</span>
            </Link>
          </>
        )}
      </td>
      <td>
        {account.status !== 'connected' ? (
          <span className={`${baseClass}__muted`}>{listenerLabels[listener] ?? listener}</span>
        ) : !listening ? (
          <Tone tone="bad">No worker</Tone>
        ) : (
          <Tone tone={listener === 'listening' ? 'good' : 'warn'}>{listenerLabels[listener] ?? listener}</Tone>
        )}
      </td>
      <td>
        {lease?.holder ? (
          <>
            <code>{lease.holder}</code>
            {lease.fresh ? null : <span className={`${baseClass}__muted`}> (expired)</span>}
          </>
        ) : (
          <span className={`${baseClass}__none`}>{lease ? 'released' : 'none'}</span>
        )}
      </td>
      <td>{lease?.holder ? <When checkedAt={checkedAt} iso={lease.since} /> : <span className={`${baseClass}__none`}>—</span>}</td>
      <td>{lease ? <When checkedAt={checkedAt} iso={lease.heartbeatAt} /> : <span className={`${baseClass}__none`}>—</span>}</td>
      <td>
        <When checkedAt={checkedAt} iso={account.lastUpdateAt} />
      </td>
    </tr>
  )
}

const QueueRow: React.FC<{ queue: QueueHealth; report: HealthReport }> = ({ queue, report }) => {
  const account = queue.accountId === null ? undefined : report.accounts.find((a) => a.id === queue.accountId)
  return (
    <tr>
      <th scope="row">
        <code>{queue.queue}</code>
        {account ? <span className={`${baseClass}__muted`}> · {account.name}</span> : null}
      </th>
      <td className={`${baseClass}__number`}>{queue.pending}</td>
      <td className={`${baseClass}__number`}>{queue.processing}</td>
      <td className={`${baseClass}__number`}>{queue.scheduled}</td>
      <td>
        {queue.oldestPendingAt ? (
          <time dateTime={queue.oldestPendingAt} title={queue.oldestPendingAt}>
            {formatDuration(queue.oldestPendingAgeSeconds ?? 0)}
          </time>
        ) : (
          <span className={`${baseClass}__none`}>—</span>
        )}
      </td>
    </tr>
  )
}

/**
 * After the admin dashboard (`admin.components.afterDashboard`), for staff and admins: is
 * Switchboard healthy, and if not, why and what to do; every Telegram account with its listener and
 * the worker holding its lease; the depth of the jobs queues. The same report as
 * `GET /api/switchboard/health` (`readHealth`), read when the page renders.
 */
export const HealthPanel = async ({ payload, user }: Partial<ServerProps>) => {
  if (!payload || !isStaff(user as PayloadRequest['user'])) return null
  const options = switchboardOptionsOf(payload)
  if (options.disabled) return null
  const report = await readHealth(payload, options)
  const { admin: adminRoute, api: apiRoute } = payload.config.routes
  const healthy = report.status === 'ok'
  const headingId = `${baseClass}-title`

  return (
    <section aria-labelledby={headingId} className={baseClass}>
      <div className={`${baseClass}__header`}>
        <h2 className={`${baseClass}__title`} id={headingId}>
          Switchboard health
        </h2>
        <p className={`${baseClass}__state ${baseClass}__state--${healthy ? 'ok' : 'unhealthy'}`}>
          {healthy ? 'Healthy' : 'Unhealthy'}
          {report.database.ok && report.database.latencyMs !== null ? (
            <span className={`${baseClass}__muted`}> · database answered in {report.database.latencyMs} ms</span>
          ) : null}
        </p>
      </div>

      {report.reasons.length ? (
        <div className={`${baseClass}__problems`}>
          <h3 className={`${baseClass}__subtitle`}>What needs attention</h3>
          <ul className={`${baseClass}__reasons`}>
            {report.reasons.map((reason) => (
              <li key={reason}>
                <Sentence text={reason} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {report.warnings.length ? (
        <div className={`${baseClass}__warnings`}>
          <h3 className={`${baseClass}__subtitle`}>Worth a look</h3>
          <ul className={`${baseClass}__reasons`}>
            {report.warnings.map((warning) => (
              <li key={warning}>
                <Sentence text={warning} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {report.database.ok ? (
        <>
          {report.accounts.length ? (
            <div aria-labelledby={`${headingId}-accounts`} className={`${baseClass}__scroll`} role="region" tabIndex={0}>
              <table className={`${baseClass}__table`}>
                <caption id={`${headingId}-accounts`}>Telegram accounts and their listeners</caption>
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Status</th>
                    <th scope="col">Listener</th>
                    <th scope="col">Lease holder</th>
                    <th scope="col">Since</th>
                    <th scope="col">Last heartbeat</th>
                    <th scope="col">Last update</th>
                  </tr>
                </thead>
                <tbody>
                  {report.accounts.map((account) => (
                    <AccountRow
                      account={account}
                      accountsSlug={options.slugs.telegramAccounts}
                      adminRoute={adminRoute}
                      checkedAt={report.checkedAt}
                      key={account.id}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className={`${baseClass}__muted`}>
              No Telegram accounts to listen to (disabled accounts are not checked).{' '}
              <Link href={`${adminRoute}/telegram/connect`}>Connect an account</Link>
            </p>
          )}

          <div aria-labelledby={`${headingId}-queues`} className={`${baseClass}__scroll`} role="region" tabIndex={0}>
            <table className={`${baseClass}__table`}>
              <caption id={`${headingId}-queues`}>Jobs queues</caption>
              <thead>
                <tr>
                  <th scope="col">Queue</th>
                  <th className={`${baseClass}__number`} scope="col">
                    Waiting
                  </th>
                  <th className={`${baseClass}__number`} scope="col">
                    Running
                  </th>
                  <th className={`${baseClass}__number`} scope="col">
                    Scheduled
                  </th>
                  <th scope="col">Oldest waiting for</th>
                </tr>
              </thead>
              <tbody>
                {report.queues.map((queue) => (
                  <QueueRow key={queue.queue} queue={queue} report={report} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <p className={`${baseClass}__footer`}>
        Checked <time dateTime={report.checkedAt}>{report.checkedAt.replace('T', ' ').slice(0, 19)} UTC</time>; reload the page to
        check again. Monitors can poll <code>GET {apiRoute}/switchboard/health</code> (503 when unhealthy).
      </p>
    </section>
  )
}
