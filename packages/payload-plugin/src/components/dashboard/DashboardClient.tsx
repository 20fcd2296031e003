'use client'

import { Button, useConfig } from '@payloadcms/ui'
import Link from 'next/link'
import React, { useEffect, useId, useState } from 'react'

import type { ConversationType, DashboardLinks, SwitchboardStats } from './types'

import { isAbort, requestJson } from '../shared/request'
import { countOf, formatCount, sourceKeys, sourceLabels } from './chartData'
import { HelpdeskReport } from './HelpdeskReport'
import { type LoadProblem, problemOf } from './load'
import { VolumeChart } from './VolumeChart'
import './dashboard.scss'

const baseClass = 'sb-dashboard'

const typeLabels: Record<ConversationType, string> = {
  private: 'Private chats',
  group: 'Groups',
  supergroup: 'Supergroups',
  channel: 'Channels',
  widget: 'Website chats',
  direct: 'Direct',
}
const typeKeys = Object.keys(typeLabels) as ConversationType[]

type Loaded = { state: 'loading' } | { state: 'error'; problem: LoadProblem } | { state: 'ready'; stats: SwitchboardStats }

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })

/** A list URL filtered by `where` (flat `where[field][operator]=value` pairs, as Payload's list view reads them). */
const listUrl = (adminRoute: string, slug: string, where: Record<string, string> = {}): string => {
  const query = Object.entries(where)
    .map(([key, value]) => `where${key}=${encodeURIComponent(value)}`)
    .join('&')
  return `${adminRoute}/collections/${slug}${query ? `?${query}` : ''}`
}

interface FigureProps {
  /** Stable name for the figure (`data-figure`), e.g. `conversations.total`. */
  name: string
  value: number
  label: string
  href?: string
  tone?: 'attention' | 'muted'
}

/** One number with its label; a link to the list of what it counts when there is one. */
const Figure: React.FC<FigureProps> = ({ name, value, label, href, tone }) => {
  const content = (
    <>
      <span className={`${baseClass}__value`} data-figure={name}>
        {formatCount(value)}
      </span>{' '}
      <span className={`${baseClass}__label`}>{label}</span>
    </>
  )
  const className = `${baseClass}__figure${tone ? ` ${baseClass}__figure--${tone}` : ''}`
  return href ? (
    <Link className={className} href={href}>
      {content}
    </Link>
  ) : (
    <span className={className}>{content}</span>
  )
}

interface BreakdownProps {
  title: string
  name: string
  rows: Array<{ key: string; label: string; value: number; href: string; barClassName?: string }>
}

/** Counts with proportional bars (share of the total), largest first. */
const Breakdown: React.FC<BreakdownProps> = ({ title, name, rows }) => {
  const total = rows.reduce((sum, row) => sum + row.value, 0)
  const headingId = useId()
  return (
    <div className={`${baseClass}__card`}>
      <h3 className={`${baseClass}__card-title`} id={headingId}>
        {title}
      </h3>
      <ul aria-labelledby={headingId} className={`${baseClass}__breakdown`}>
        {[...rows]
          .sort((a, b) => b.value - a.value)
          .map((row) => (
            <li key={row.key}>
              <Link className={`${baseClass}__breakdown-row`} href={row.href}>
                <span className={`${baseClass}__breakdown-label`}>{row.label}</span>
                <span className={`${baseClass}__breakdown-value`} data-figure={`${name}.${row.key}`}>
                  {formatCount(row.value)}
                </span>
                <span aria-hidden="true" className={`${baseClass}__breakdown-track`}>
                  <span className={[`${baseClass}__breakdown-bar`, row.barClassName].filter(Boolean).join(' ')} style={{ width: `${total > 0 ? (row.value / total) * 100 : 0}%` }} />
                </span>
              </Link>
            </li>
          ))}
      </ul>
    </div>
  )
}

export interface DashboardClientProps {
  links: DashboardLinks
}

/**
 * The "Switchboard" section of the admin dashboard (staff and admins): conversation, message,
 * Telegram-user and sync counts from `GET <api>/switchboard/stats`, each linking to the list it
 * counts, the message-volume chart and, beside it, response and resolution times. Hides itself
 * when the server answers 403.
 */
export const DashboardClient: React.FC<DashboardClientProps> = ({ links }) => {
  const { config } = useConfig()
  const apiRoute = config.routes.api
  const adminRoute = config.routes.admin
  const headingId = useId()
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  const [reloadKey, setReloadKey] = useState(0)
  const [refreshing, setRefreshing] = useState(false)
  const path = `${apiRoute}/switchboard/stats`

  useEffect(() => {
    const controller = new AbortController()
    setRefreshing(true)
    requestJson<SwitchboardStats>(path, { signal: controller.signal })
      .then((stats) => setLoaded({ state: 'ready', stats }))
      .catch((error: unknown) => {
        if (!isAbort(error)) setLoaded({ state: 'error', problem: problemOf(error, 'the Switchboard figures', path) })
      })
      .finally(() => setRefreshing(false))
    return () => controller.abort()
  }, [path, reloadKey])

  if (loaded.state === 'error' && loaded.problem.forbidden) return null

  const conversations = (where?: Record<string, string>) => listUrl(adminRoute, links.conversations, where)
  const telegramUsers = (where?: Record<string, string>) => listUrl(adminRoute, links.telegramUsers, where)

  return (
    <section aria-busy={refreshing} aria-labelledby={headingId} className={baseClass} data-state={loaded.state}>
      <header className={`${baseClass}__header`}>
        {/* Not just "Switchboard": the dashboard's collection group above already has that heading. */}
        <h2 className={`${baseClass}__title`} id={headingId}>
          Switchboard activity
        </h2>
        {loaded.state === 'ready' && loaded.stats.generatedAt ? (
          <span className={`${baseClass}__muted`}>Figures as of {timeFormat.format(new Date(loaded.stats.generatedAt))}</span>
        ) : null}
        <Button
          buttonStyle="secondary"
          className={`${baseClass}__refresh`}
          disabled={refreshing}
          margin={false}
          onClick={() => setReloadKey((n) => n + 1)}
          size="small"
          type="button"
        >
          {refreshing && loaded.state !== 'loading' ? 'Refreshing…' : 'Refresh'}
        </Button>
      </header>

      {loaded.state === 'loading' ? (
        <p className={`${baseClass}__muted`}>Loading figures…</p>
      ) : loaded.state === 'error' ? (
        <div className={`${baseClass}__problem`} role="alert">
          <p>{loaded.problem.message}</p>
          <Button buttonStyle="secondary" margin={false} onClick={() => setReloadKey((n) => n + 1)} size="small" type="button">
            Try again
          </Button>
        </div>
      ) : (
        <StatsFigures conversations={conversations} stats={loaded.stats} telegramUsers={telegramUsers} />
      )}

      <div className={`${baseClass}__charts`}>
        <VolumeChart apiRoute={apiRoute} reloadKey={reloadKey} />
        <HelpdeskReport apiRoute={apiRoute} conversations={conversations} reloadKey={reloadKey} />
      </div>
    </section>
  )
}

const StatsFigures: React.FC<{
  stats: SwitchboardStats
  conversations: (where?: Record<string, string>) => string
  telegramUsers: (where?: Record<string, string>) => string
}> = ({ stats, conversations, telegramUsers }) => {
  const c = stats.conversations ?? ({} as SwitchboardStats['conversations'])
  const m = stats.messages ?? ({} as SwitchboardStats['messages'])
  const t = stats.telegramUsers ?? ({} as SwitchboardStats['telegramUsers'])
  const tgSync = stats.sync?.telegram ?? ({} as SwitchboardStats['sync']['telegram'])
  const streamSync = stats.sync?.stream ?? ({} as SwitchboardStats['sync']['stream'])
  const h = stats.helpdesk
  const failed = countOf(tgSync.failed) + countOf(streamSync.failed)
  const working = countOf(tgSync.queued) + countOf(tgSync.running) + countOf(streamSync.pending)
  // One figure per sync state, each linking to the conversations in it; idle/synced are the quiet ones.
  const syncFigures = (system: string, field: string, counts: Record<string, number | undefined>, states: string[]) =>
    states.map((state) => {
      const value = countOf(counts[state])
      const quiet = state === 'idle' || state === 'synced'
      return (
        <Figure
          href={quiet ? undefined : conversations({ [`[${field}][equals]`]: state })}
          key={state}
          label={state}
          name={`sync.${system}.${state}`}
          tone={quiet ? 'muted' : state === 'failed' && value > 0 ? 'attention' : undefined}
          value={value}
        />
      )
    })

  return (
    <>
      <div className={`${baseClass}__cards`}>
        <div className={`${baseClass}__card`}>
          <h3 className={`${baseClass}__card-title`}>Conversations</h3>
          <Figure href={conversations()} label="in total" name="conversations.total" value={countOf(c.total)} />
          <div className={`${baseClass}__details`}>
            <Figure
              href={conversations({ '[unreadCount][greater_than]': '0' })}
              label={`unread (${formatCount(countOf(c.unreadMessages))} messages)`}
              name="conversations.unread"
              tone={countOf(c.unread) > 0 ? 'attention' : undefined}
              value={countOf(c.unread)}
            />
            <Figure href={conversations({ '[isPinned][equals]': 'true' })} label="pinned" name="conversations.pinned" value={countOf(c.pinned)} />
            <Figure href={conversations({ '[isArchived][equals]': 'true' })} label="archived" name="conversations.archived" value={countOf(c.archived)} />
          </div>
        </div>

        <div className={`${baseClass}__card`}>
          <h3 className={`${baseClass}__card-title`}>Messages</h3>
          <Figure label="today" name="messages.today" value={countOf(m.today)} />
          <div className={`${baseClass}__details`}>
            <Figure label="in the last 7 days" name="messages.last7Days" value={countOf(m.last7Days)} />
          </div>
        </div>

        <div className={`${baseClass}__card`}>
          <h3 className={`${baseClass}__card-title`}>Telegram users</h3>
          <Figure href={telegramUsers({ '[linkStatus][equals]': 'linked' })} label="linked to users" name="telegramUsers.linked" value={countOf(t.linked)} />
          <div className={`${baseClass}__details`}>
            <Figure
              href={telegramUsers({ '[linkStatus][equals]': 'stale' })}
              label="stale links to review"
              name="telegramUsers.stale"
              tone={countOf(t.stale) > 0 ? 'attention' : undefined}
              value={countOf(t.stale)}
            />
            <Figure href={telegramUsers({ '[linkStatus][equals]': 'unlinked' })} label="not linked" name="telegramUsers.unlinked" value={countOf(t.unlinked)} />
          </div>
        </div>

        <div className={`${baseClass}__card`}>
          <h3 className={`${baseClass}__card-title`}>Sync</h3>
          <p
            className={`${baseClass}__health ${baseClass}__health--${failed > 0 ? 'failed' : working > 0 ? 'working' : 'ok'}`}
            data-figure="sync.health"
          >
            {failed > 0 ? `${formatCount(failed)} failed: open them to see the error` : working > 0 ? `${formatCount(working)} in progress` : 'All caught up'}
          </p>
          <dl className={`${baseClass}__sync`}>
            <dt>Telegram</dt>
            <dd>{syncFigures('telegram', 'syncStatus', tgSync, ['idle', 'queued', 'running', 'failed'])}</dd>
            <dt>Stream Chat</dt>
            <dd>{syncFigures('stream', 'streamSyncStatus', streamSync, ['synced', 'pending', 'failed'])}</dd>
          </dl>
        </div>
      </div>

      {h ? (
        <div className={`${baseClass}__cards ${baseClass}__cards--wide`}>
          <div className={`${baseClass}__card`}>
            <h3 className={`${baseClass}__card-title`}>Helpdesk</h3>
            <Figure
              href={conversations({ '[status][equals]': 'open', '[isArchived][not_equals]': 'true' })}
              label="open"
              name="helpdesk.open"
              value={countOf(h.byStatus?.open)}
            />
            <div className={`${baseClass}__details`}>
              <Figure
                href={conversations({ '[status][equals]': 'open', '[isArchived][not_equals]': 'true', '[assignee][exists]': 'false' })}
                label="open and unassigned"
                name="helpdesk.unassignedOpen"
                tone={countOf(h.unassignedOpen) > 0 ? 'attention' : undefined}
                value={countOf(h.unassignedOpen)}
              />
              {(['pending', 'snoozed', 'resolved'] as const).map((status) => (
                <Figure
                  href={conversations({ '[status][equals]': status, '[isArchived][not_equals]': 'true' })}
                  key={status}
                  label={status}
                  name={`helpdesk.${status}`}
                  value={countOf(h.byStatus?.[status])}
                />
              ))}
            </div>
          </div>
          {h.openByAssignee?.length ? (
            <Breakdown
              name="helpdesk.openByAssignee"
              rows={h.openByAssignee.map((row) => ({
                key: String(row.id),
                label: row.name,
                value: row.open,
                href: conversations({ '[status][equals]': 'open', '[isArchived][not_equals]': 'true', '[assignee][equals]': String(row.id) }),
              }))}
              title="Open conversations by assignee"
            />
          ) : null}
        </div>
      ) : null}

      <div className={`${baseClass}__cards ${baseClass}__cards--wide`}>
        <Breakdown
          name="conversations.bySource"
          rows={sourceKeys.map((key) => ({
            key,
            label: sourceLabels[key],
            value: countOf(c.bySource?.[key]),
            href: conversations({ '[source][equals]': key }),
            barClassName: `sb-series--${key}`,
          }))}
          title="Conversations by source"
        />
        <Breakdown
          name="conversations.byType"
          rows={typeKeys.map((key) => ({
            key,
            label: typeLabels[key],
            value: countOf(c.byType?.[key]),
            href: conversations({ '[type][equals]': key }),
          }))}
          title="Conversations by type"
        />
      </div>
    </>
  )
}
