'use client'

import type { UIFieldClientProps } from 'payload'

import { Button, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import Link from 'next/link'
import React, { useEffect, useRef, useState } from 'react'

import { formatDate } from '../shared/formatDate'
import { isAbort, messageOf, RequestError, requestJson } from '../shared/request'
import { RequestFeedback, type RequestState } from './RequestFeedback'
import { SyncProgress } from './SyncProgress'
import './telegram.scss'

export interface AccountSyncPanelProps {
  /** Slug of the conversations collection, for links to conversations whose sync failed. */
  conversationsSlug?: string
}

type AccountStatus = 'connected' | 'disabled' | 'needs-login'

interface AccountSummary {
  id: number | string
  status: AccountStatus
  lastError: null | string
  lastDiscoveryAt: null | string
  dialogCount: null | number
  conversations: number
  syncing: number
  failed: number
  completed: number
  syncedMessages: number
  totalMessages: number
}

interface StatusResponse {
  accounts: AccountSummary[]
  conversations: Array<{ id: number | string; title: null | string; syncStatus: string; syncError: null | string }>
  queue: { pending: number; oldestCreatedAt: null | string }
}

const baseClass = 'sb-sync-panel'
const pollMs = 5_000
// After "Sync all", discovery is only queued: poll until it has run (or for this long).
const discoveryWaitMs = 120_000
const justDiscoveredMs = 30_000

const statusLabels: Record<AccountStatus, string> = { connected: 'Connected', 'needs-login': 'Needs login', disabled: 'Disabled' }

const numberFormat = new Intl.NumberFormat('en-US')

/**
 * On a Telegram account's edit view: whether it is connected (with "Log in again" when Telegram
 * ended its session), how far its conversations are synced, the Telegram queue's backlog, and
 * "Sync all conversations now". Polls `GET /sync/status?account=` every 5 s while anything syncs
 * (or discovery, after a login or "Sync all", has yet to run).
 * A new, unsaved account gets a link to the connect view instead: accounts are created by logging in.
 */
export const AccountSyncPanel: React.FC<Partial<UIFieldClientProps> & AccountSyncPanelProps> = ({ conversationsSlug = 'conversations' }) => {
  const { id } = useDocumentInfo()
  const {
    config: {
      routes: { admin, api },
    },
  } = useConfig()
  const adminRoute = admin === '/' ? '' : admin
  const savedStatus = useFormFields(([fields]) => fields.status?.value) as AccountStatus | undefined
  const savedError = useFormFields(([fields]) => fields.lastError?.value) as null | string | undefined

  const [report, setReport] = useState<StatusResponse | undefined>()
  const [loadError, setLoadError] = useState<string | undefined>()
  const [forbidden, setForbidden] = useState(false)
  const [reloads, setReloads] = useState(0)
  const [request, setRequest] = useState<RequestState>({ busy: false })
  // A ref, not state: it only decides whether the running poll goes on.
  const awaitingDiscovery = useRef<{ since: number; baseline: null | string } | undefined>(undefined)

  useEffect(() => {
    if (id === undefined) return
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    let active = false
    const poll = async () => {
      try {
        const loaded = await requestJson<StatusResponse>(`${api}/switchboard/sync/status?account=${encodeURIComponent(String(id))}`, {
          signal: controller.signal,
        })
        setReport(loaded)
        setLoadError(undefined)
        const account = loaded.accounts[0]
        const waiting = awaitingDiscovery.current
        if (waiting && (account?.lastDiscoveryAt !== waiting.baseline || Date.now() - waiting.since > discoveryWaitMs)) {
          awaitingDiscovery.current = undefined
        }
        // A fresh login queues discovery itself: a connected account never looked at is about to be.
        const firstDiscovery = account?.status === 'connected' && !account.lastDiscoveryAt
        // Discovery records its time just before it queues the syncs: bridge that moment.
        const discoveredAt = account?.lastDiscoveryAt ? Date.parse(account.lastDiscoveryAt) : Number.NaN
        const justDiscovered = Date.now() - discoveredAt < justDiscoveredMs
        active = (account?.syncing ?? 0) > 0 || firstDiscovery || justDiscovered || awaitingDiscovery.current !== undefined
      } catch (error) {
        if (isAbort(error)) return
        if (error instanceof RequestError && error.status === 403) return setForbidden(true)
        setLoadError(messageOf(error))
        // Keeps polling through a hiccup only if a sync was running.
      }
      if (active && !controller.signal.aborted) timer = setTimeout(() => void poll(), pollMs)
    }
    void poll()
    return () => {
      controller.abort()
      clearTimeout(timer)
    }
  }, [api, id, reloads])

  if (id === undefined) {
    return (
      <div className={`${baseClass} field-type`}>
        <h2 className={`${baseClass}__title`}>Connect with Telegram</h2>
        <p className={`${baseClass}__muted`}>
          A Telegram account is added by logging in to Telegram (phone and code, or a bot token); saving this form does not log it in.
        </p>
        <p>
          <Link className={`${baseClass}__link`} href={`${adminRoute}/telegram/connect`}>
            Connect a Telegram account
          </Link>
        </p>
      </div>
    )
  }
  if (forbidden) return null

  const account = report?.accounts[0]
  const status = account?.status ?? savedStatus ?? 'needs-login'
  const lastError = account ? account.lastError : savedError
  const failedConversations = (report?.conversations ?? []).filter((conversation) => conversation.syncStatus === 'failed').slice(0, 5)
  const lastDiscovery = formatDate(account?.lastDiscoveryAt)
  const oldestQueued = formatDate(report?.queue.oldestCreatedAt)

  const syncAll = async () => {
    setRequest({ busy: true })
    try {
      await requestJson(`${api}/switchboard/sync/all`, { method: 'POST', body: JSON.stringify({ accountId: Number(id) }) })
      awaitingDiscovery.current = { since: Date.now(), baseline: account?.lastDiscoveryAt ?? null }
      setRequest({ busy: false, note: 'Queued: Switchboard looks for new chats first, then syncs each conversation. Progress shows here.' })
      setReloads((n) => n + 1)
    } catch (error) {
      setRequest({ busy: false, error: messageOf(error) })
    }
  }

  const figures: Array<[string, React.ReactNode]> = account
    ? [
        ['Conversations', numberFormat.format(account.conversations)],
        ['Syncing now', numberFormat.format(account.syncing)],
        ['Failed', numberFormat.format(account.failed)],
        ['Fully synced', numberFormat.format(account.completed)],
        ['Chats found on Telegram', account.dialogCount === null ? 'Not yet looked' : numberFormat.format(account.dialogCount)],
        [
          'Last looked for new chats',
          lastDiscovery ? (
            <time dateTime={account.lastDiscoveryAt ?? undefined} suppressHydrationWarning>
              {lastDiscovery}
            </time>
          ) : (
            'Never'
          ),
        ],
      ]
    : []
  const pending = report?.queue.pending ?? 0

  return (
    <div className={`${baseClass} field-type`}>
      <div className={`${baseClass}__header`}>
        <h2 className={`${baseClass}__title`}>Telegram connection and sync</h2>
        <span className={`${baseClass}__badge ${baseClass}__badge--${status}`}>{statusLabels[status]}</span>
      </div>

      {status === 'needs-login' ? (
        <p>
          This account is not logged in to Telegram, so Switchboard cannot read its chats.{' '}
          <Link className={`${baseClass}__link`} href={`${adminRoute}/telegram/connect?account=${encodeURIComponent(String(id))}`}>
            Log in again
          </Link>
        </p>
      ) : null}
      {status === 'disabled' ? <p className={`${baseClass}__muted`}>Disabled: Switchboard does not listen to or sync this account.</p> : null}
      {lastError ? <p className={`${baseClass}__error`}>Last error: {lastError}</p> : null}

      {account ? (
        <>
          <SyncProgress
            complete={account.conversations > 0 && account.completed === account.conversations}
            label="Messages synced across this account's conversations"
            synced={account.syncedMessages}
            // No total yet: unknown until discovery has found the chats; none found: nothing to sync.
            total={account.totalMessages || (account.conversations || !account.lastDiscoveryAt ? null : 0)}
          />
          <dl className={`${baseClass}__figures`}>
            {figures.map(([term, value]) => (
              <div key={term}>
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <p className={`${baseClass}__muted`}>
            Telegram queue (all accounts): {numberFormat.format(pending)} {pending === 1 ? 'job' : 'jobs'} waiting
            {oldestQueued ? (
              <>
                , the oldest since{' '}
                <time dateTime={report?.queue.oldestCreatedAt ?? undefined} suppressHydrationWarning>
                  {oldestQueued}
                </time>
              </>
            ) : null}
            .
          </p>
          {failedConversations.length ? (
            <>
              <h3 className={`${baseClass}__subtitle`}>Conversations whose last sync failed</h3>
              <ul className={`${baseClass}__list`}>
                {failedConversations.map((conversation) => (
                  <li key={String(conversation.id)}>
                    <Link href={`${adminRoute}/collections/${conversationsSlug}/${encodeURIComponent(String(conversation.id))}`}>
                      {conversation.title || `Conversation ${conversation.id}`}
                    </Link>
                    {conversation.syncError ? <span className={`${baseClass}__muted`}> — {conversation.syncError}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : !loadError ? (
        <p className={`${baseClass}__muted`}>Loading the sync status…</p>
      ) : null}
      {loadError ? <p className={`${baseClass}__error`}>Could not load the sync status: {loadError}</p> : null}

      <div className={`${baseClass}__actions`}>
        <Button
          buttonStyle="secondary"
          disabled={request.busy || status !== 'connected'}
          margin={false}
          onClick={() => void syncAll()}
          size="small"
          type="button"
        >
          Sync all conversations now
        </Button>
        <Button buttonStyle="subtle" disabled={request.busy} margin={false} onClick={() => setReloads((n) => n + 1)} size="small" type="button">
          Reload
        </Button>
      </div>
      {status !== 'connected' ? <p className={`${baseClass}__muted`}>Syncing needs a connected account.</p> : null}
      <RequestFeedback baseClass={baseClass} request={request} />
    </div>
  )
}
