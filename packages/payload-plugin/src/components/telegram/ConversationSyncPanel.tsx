'use client'

import type { UIFieldClientProps } from 'payload'

import { Button, useAuth, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import { formatDate } from '../shared/formatDate'
import { isAbort, messageOf, RequestError, requestJson } from '../shared/request'
import { RequestFeedback, type RequestState } from './RequestFeedback'
import { SyncProgress } from './SyncProgress'
import './telegram.scss'

type SyncStatus = 'failed' | 'idle' | 'queued' | 'running'

/** One conversation's sync, as `GET /sync/status` lists it and as the document stores it. */
interface ConversationSync {
  syncStatus: SyncStatus
  fullSyncCompleted: boolean
  syncedMessageCount: number
  totalMessageCount: null | number
  lastSyncedAt: null | string
  syncError: null | string
}

interface StatusResponse {
  conversations: Array<ConversationSync & { id: number | string }>
}

type ID = number | string

const baseClass = 'sb-sync-panel'
const pollMs = 3_000
const staffRoles = ['admin', 'staff']

const statusLabels: Record<SyncStatus, string> = {
  idle: 'Idle',
  queued: 'Queued: waiting for the Telegram queue',
  running: 'Syncing now',
  failed: 'Failed',
}

const isBusy = (sync: ConversationSync | undefined) => sync?.syncStatus === 'queued' || sync?.syncStatus === 'running'

const syncOf = (doc: Record<string, unknown>): ConversationSync => ({
  syncStatus: (['failed', 'idle', 'queued', 'running'] as const).find((status) => status === doc.syncStatus) ?? 'idle',
  fullSyncCompleted: doc.fullSyncCompleted === true,
  syncedMessageCount: typeof doc.syncedMessageCount === 'number' ? doc.syncedMessageCount : 0,
  totalMessageCount: typeof doc.totalMessageCount === 'number' ? doc.totalMessageCount : null,
  lastSyncedAt: typeof doc.lastSyncedAt === 'string' ? doc.lastSyncedAt : null,
  syncError: typeof doc.syncError === 'string' && doc.syncError ? doc.syncError : null,
})

const idOf = (value: unknown): ID | undefined => {
  if (typeof value === 'number' || typeof value === 'string') return value
  if (value && typeof value === 'object' && 'id' in value) return idOf((value as { id: unknown }).id)
  return undefined
}

/**
 * On a Telegram conversation's edit view: how far its history is synced, live while a sync is
 * queued or running (polling `GET /sync/status` every 3 s), and buttons to fetch new messages or
 * read the whole history again. Until the first answer it shows the document's own sync fields.
 */
export const ConversationSyncPanel: React.FC<Partial<UIFieldClientProps>> = () => {
  const { id, collectionSlug } = useDocumentInfo()
  const { user } = useAuth()
  const {
    config: {
      routes: { api },
    },
  } = useConfig()

  const source = useFormFields(([fields]) => fields.source?.value)
  const accountId = idOf(useFormFields(([fields]) => fields.account?.value))
  // Each a primitive, so the panel re-renders only when one of them changes.
  const saved = {
    syncStatus: useFormFields(([fields]) => fields.syncStatus?.value),
    fullSyncCompleted: useFormFields(([fields]) => fields.fullSyncCompleted?.value),
    syncedMessageCount: useFormFields(([fields]) => fields.syncedMessageCount?.value),
    totalMessageCount: useFormFields(([fields]) => fields.totalMessageCount?.value),
    lastSyncedAt: useFormFields(([fields]) => fields.lastSyncedAt?.value),
    syncError: useFormFields(([fields]) => fields.syncError?.value),
  }

  const [live, setLive] = useState<ConversationSync | undefined>()
  const [loadError, setLoadError] = useState<string | undefined>()
  const [forbidden, setForbidden] = useState(false)
  const [reloads, setReloads] = useState(0)
  const [request, setRequest] = useState<RequestState>({ busy: false })

  // Editors may open conversations too, but the sync endpoints are for staff.
  const roles = (user as { roles?: unknown } | null)?.roles
  const staff = Array.isArray(roles) && roles.some((role) => staffRoles.includes(String(role)))
  const shown = id !== undefined && source === 'telegram' && staff && !forbidden

  // Loads once, then keeps polling while a sync is queued or running; a button press restarts it.
  useEffect(() => {
    if (!shown) return
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    let busy = false
    const load = async (): Promise<ConversationSync> => {
      const query = accountId === undefined ? '' : `?account=${encodeURIComponent(String(accountId))}`
      const status = await requestJson<StatusResponse>(`${api}/switchboard/sync/status${query}`, { signal: controller.signal })
      const entry = status.conversations.find((conversation) => String(conversation.id) === String(id))
      if (entry) return syncOf(entry as unknown as Record<string, unknown>)
      // The status lists only unfinished conversations (at most 100): read this one itself.
      const doc = await requestJson<Record<string, unknown>>(`${api}/${collectionSlug}/${encodeURIComponent(String(id))}?depth=0`, {
        signal: controller.signal,
      })
      return syncOf(doc)
    }
    const poll = async () => {
      let again = false
      try {
        const sync = await load()
        setLive(sync)
        setLoadError(undefined)
        busy = isBusy(sync)
        again = busy
      } catch (error) {
        if (isAbort(error)) return
        if (error instanceof RequestError && error.status === 403) return setForbidden(true)
        setLoadError(messageOf(error))
        // A hiccup during a sync should not end the live view.
        again = busy
      }
      if (again && !controller.signal.aborted) timer = setTimeout(() => void poll(), pollMs)
    }
    void poll()
    return () => {
      controller.abort()
      clearTimeout(timer)
    }
  }, [accountId, api, collectionSlug, id, reloads, shown])

  if (!shown) return null

  const sync = live ?? syncOf(saved)

  const queue = async (mode: 'full' | 'incremental') => {
    setRequest({ busy: true })
    try {
      const answer = await requestJson<{ queued: boolean; reason?: string }>(`${api}/switchboard/sync/conversations/${encodeURIComponent(String(id))}`, {
        method: 'POST',
        body: JSON.stringify({ mode }),
      })
      const what = mode === 'full' ? 'Full resync' : 'Sync of new messages'
      setRequest({ busy: false, note: answer.queued ? `${what} queued.` : `Not queued: ${answer.reason ?? 'a sync is already under way'}.` })
      // The conversation is now queued: poll until the job has run.
      setReloads((n) => n + 1)
    } catch (error) {
      setRequest({ busy: false, error: messageOf(error) })
    }
  }

  const lastSynced = formatDate(sync.lastSyncedAt)
  return (
    <div className={`${baseClass} field-type`}>
      <div className={`${baseClass}__header`}>
        <h2 className={`${baseClass}__title`}>Telegram history sync</h2>
        <span className={`${baseClass}__badge ${baseClass}__badge--${sync.syncStatus}`}>{statusLabels[sync.syncStatus]}</span>
      </div>

      <SyncProgress
        complete={sync.fullSyncCompleted}
        label="Messages of this conversation synced"
        synced={sync.syncedMessageCount}
        total={sync.totalMessageCount}
      />

      <p className={`${baseClass}__muted`}>
        {sync.fullSyncCompleted ? 'The whole history is synced.' : 'The history is not fully synced yet.'}
        {lastSynced ? (
          <>
            {' '}
            Last synced <time dateTime={sync.lastSyncedAt ?? undefined} suppressHydrationWarning>{lastSynced}</time>.
          </>
        ) : null}
      </p>
      {sync.syncStatus === 'failed' && sync.syncError ? <p className={`${baseClass}__error`}>The last sync failed: {sync.syncError}</p> : null}
      {loadError ? <p className={`${baseClass}__error`}>Could not load the sync status: {loadError}</p> : null}

      <div className={`${baseClass}__actions`}>
        <Button buttonStyle="secondary" disabled={request.busy} margin={false} onClick={() => void queue('incremental')} size="small" type="button">
          Sync new messages
        </Button>
        <Button buttonStyle="secondary" disabled={request.busy} margin={false} onClick={() => void queue('full')} size="small" type="button">
          Full resync
        </Button>
      </div>
      <p className={`${baseClass}__muted`}>A full resync reads the whole history from Telegram again, for when messages are missing.</p>
      <RequestFeedback baseClass={baseClass} request={request} />
    </div>
  )
}
