'use client'

import { toast, useConfig } from '@payloadcms/ui'
import { usePathname, useSearchParams } from 'next/navigation'
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react'

import type { LiveListener, ThreadHandle } from './Thread'
import type { ConversationChange } from './ThreadHeader'
import type { Conversation, CurrentUser, ID, InboxFilters, InboxSettings, LiveEvent, Message, PersonDoc, StatusCounts } from './types'

import { isAbort, messageOf, RequestError } from '../shared/request'
import { createInboxApi, docId } from './api'
import { ConversationFilters } from './ConversationFilters'
import { ConversationList } from './ConversationList'
import { LiveIndicator } from './LiveIndicator'
import { EnableNotifications, notify, useNotificationPermission } from './notifications'
import { MessageSearch } from './MessageSearch'
import { StatusTabs } from './StatusTabs'
import { Thread } from './Thread'
import { defaultFilters } from './types'
import { useConversations } from './useConversations'
import { useFreshList } from './useFreshList'
import { useLiveEvents } from './useLiveEvents'
import { conversationsChangedEvent } from './useMyOpenCount'
import './Inbox.scss'

const baseClass = 'sb-inbox'
/** Live events come in bursts; the list reloads once per burst. */
const listRefreshDelayMs = 400
/** How long "typing…" shows after the last typing signal (clients send one every 3 s while typing). */
const typingShownMs = 6_000
/** Without live updates, the list and the open thread are reloaded this often. */
const pollMs = 20_000

export interface InboxProps {
  settings: InboxSettings
  currentUser: CurrentUser
}

interface Selection {
  conversationId?: string
  messageId?: string
  /** Changes on every request to show a message, so opening the same one twice jumps again. */
  nonce: number
}

const same = (a: ID | undefined, b: ID | undefined) => a !== undefined && b !== undefined && String(a) === String(b)

/** Typing somewhere: single-key shortcuts stay out of the way. */
const isTyping = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  return Boolean(target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="dialog"]'))
}

/**
 * The staff inbox: conversations on the left (filters, search, live updates), the selected
 * conversation's thread on the right. The URL names the conversation (and a message to show), so
 * it can be shared; keyboard: j/k move, Enter opens, Esc goes back, / searches, r replies, e resolves.
 */
export const Inbox: React.FC<InboxProps> = ({ settings, currentUser }) => {
  const { config } = useConfig()
  const apiRoute = config.routes.api
  const adminRoute = config.routes.admin
  const pathname = usePathname()
  const searchParams = useSearchParams()
  // The view re-renders on every navigation with new (equal) props: keep one API object, so the
  // list, the thread and the live connection are not reloaded each time.
  const settingsKey = JSON.stringify(settings)
  const userKey = `${String(currentUser.id)}|${currentUser.name}`
  const api = useMemo(() => createInboxApi(apiRoute, settings, currentUser), [apiRoute, settingsKey, userKey])
  const basePath = `${adminRoute === '/' ? '' : adminRoute}/inbox`

  const hrefFor = useCallback(
    (id?: ID, messageId?: ID) =>
      id === undefined
        ? basePath
        : `${basePath}/${encodeURIComponent(String(id))}${messageId !== undefined ? `?message=${encodeURIComponent(String(messageId))}` : ''}`,
    [basePath],
  )

  // ---- Selection, kept in the URL ----
  const routeConversation = (() => {
    if (!pathname.startsWith(basePath)) return undefined
    const segment = pathname.slice(basePath.length).split('/').filter(Boolean)[0]
    return segment ? decodeURIComponent(segment) : undefined
  })()
  const routeMessage = searchParams.get('message') ?? undefined
  const routeKey = `${routeConversation ?? ''}|${routeMessage ?? ''}`
  const [selection, setSelection] = useState<Selection>({ conversationId: routeConversation, messageId: routeMessage, nonce: 0 })
  const pushedKey = useRef<string | undefined>(undefined)

  useEffect(() => {
    // Our own navigation arriving: the selection already shows it. Anything else (back/forward): follow the URL.
    if (pushedKey.current !== undefined) {
      if (pushedKey.current === routeKey) pushedKey.current = undefined
      return
    }
    setSelection((current) =>
      current.conversationId === routeConversation && current.messageId === routeMessage
        ? current
        : { conversationId: routeConversation, messageId: routeMessage, nonce: current.nonce + 1 },
    )
  }, [routeConversation, routeKey, routeMessage])

  const navigate = useCallback(
    (conversationId?: ID, messageId?: ID) => {
      const next = {
        conversationId: conversationId === undefined ? undefined : String(conversationId),
        messageId: messageId === undefined ? undefined : String(messageId),
      }
      setSelection((current) => ({ ...next, nonce: current.nonce + 1 }))
      const key = `${next.conversationId ?? ''}|${next.messageId ?? ''}`
      const href = hrefFor(conversationId, messageId)
      // Compared with the address bar, not with Next's route: after a pushState the route follows
      // later (much later on a busy machine), and going back meanwhile must still push.
      if (href === window.location.pathname + window.location.search) return
      pushedKey.current = key
      // If the navigation never lands, stop waiting for it so back/forward keep working.
      setTimeout(() => {
        if (pushedKey.current === key) pushedKey.current = undefined
      }, 5_000)
      // Through the History API, which Next's router follows (usePathname/useSearchParams update):
      // `router.push` would render the page anew for the new segment and remount the inbox,
      // dropping the filters, the loaded list and the live connection on every click.
      window.history.pushState(null, '', href)
    },
    [hrefFor],
  )

  // ---- Labels, and canned replies for the composer ----
  const labels = useFreshList(api.listLabels)
  const cannedReplies = useFreshList(api.listCannedReplies)

  // ---- Staff, for assignment ----
  const [staff, setStaff] = useState<PersonDoc[]>([])
  useEffect(() => {
    const controller = new AbortController()
    api.listStaff(controller.signal).then(setStaff, () => {
      // Without the list, the picker still offers "Assign to me" and "Unassigned".
    })
    return () => controller.abort()
  }, [api])

  // ---- List ----
  const [filters, setFilters] = useState<InboxFilters>(defaultFilters)
  const list = useConversations(api, filters)
  const listRef = useRef<HTMLUListElement>(null)
  const listPaneRef = useRef<HTMLDivElement>(null)
  const [activeId, setActiveId] = useState<string | undefined>(selection.conversationId)
  const [searching, setSearching] = useState(false)
  const [searchKey, setSearchKey] = useState(0)
  const searchInputRef = useRef<HTMLInputElement>(null)
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const { refresh: refreshList, updateLocal } = list

  const refreshSoon = useCallback(() => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current)
    refreshTimer.current = setTimeout(refreshList, listRefreshDelayMs)
  }, [refreshList])
  useEffect(() => () => refreshTimer.current && clearTimeout(refreshTimer.current), [])

  // ---- Status counts (the tabs), reloaded with the list ----
  const [counts, setCounts] = useState<StatusCounts | undefined>()
  useEffect(() => {
    const controller = new AbortController()
    api.statusCounts(filters, controller.signal).then(setCounts, () => {
      // The tabs work without their counts.
    })
    return () => controller.abort()
  }, [api, filters, list.conversations])

  // ---- The open conversation ----
  const [openConversation, setOpenConversation] = useState<Conversation | undefined>()
  const [openError, setOpenError] = useState<string | undefined>()
  const conversationsRef = useRef(list.conversations)
  conversationsRef.current = list.conversations

  const latestChange = useRef(new Map<string, number>())
  const change = useCallback(
    async (id: ID, data: ConversationChange & { labels?: ID[] }) => {
      const before =
        conversationsRef.current.find((conversation) => same(conversation.id, id)) ??
        (openConversation && same(openConversation.id, id) ? openConversation : undefined)
      const optimistic = (conversation: Conversation): Conversation => ({
        ...conversation,
        ...data,
        labels: data.labels ? data.labels.map((labelId) => labels.find((label) => same(label.id, labelId)) ?? labelId) : conversation.labels,
      })
      const put = (update: (conversation: Conversation) => Conversation) => {
        updateLocal(id, update)
        setOpenConversation((current) => (current && same(current.id, id) ? update(current) : current))
      }
      // Quick successive changes (two labels in a row): only the newest answer may replace the
      // local state, or an older answer would undo the newer optimistic change.
      const sequence = (latestChange.current.get(String(id)) ?? 0) + 1
      latestChange.current.set(String(id), sequence)
      const newest = () => latestChange.current.get(String(id)) === sequence
      put(optimistic)
      try {
        const doc = await api.updateConversation(id, data)
        if (newest()) put(() => doc)
        refreshSoon()
        // The nav's count of my open conversations follows.
        window.dispatchEvent(new Event(conversationsChangedEvent))
      } catch (failure) {
        if (before && newest()) put(() => before)
        toast.error(`The conversation was not changed: ${messageOf(failure)}`)
      }
    },
    [api, labels, openConversation, refreshSoon, updateLocal],
  )

  useEffect(() => {
    const id = selection.conversationId
    setOpenError(undefined)
    if (!id) {
      setOpenConversation(undefined)
      return
    }
    setOpenConversation(conversationsRef.current.find((conversation) => same(conversation.id, id)))
    setActiveId(id)
    const controller = new AbortController()
    api
      .getConversation(id, controller.signal)
      .then((doc) => {
        if (controller.signal.aborted) return
        setOpenConversation(doc)
        // Opening a conversation reads it.
        if (Number(doc.unreadCount ?? 0) > 0) void change(doc.id, { unreadCount: 0 })
      })
      .catch((failure: unknown) => {
        if (isAbort(failure) || controller.signal.aborted) return
        setOpenError(
          failure instanceof RequestError && (failure.status === 404 || failure.status === 403)
            ? 'This conversation does not exist, or you cannot see it.'
            : messageOf(failure),
        )
      })
    return () => controller.abort()
    // `change` is left out on purpose: a new label list must not reload the conversation.
  }, [api, selection.conversationId])

  // List reloads carry the freshest copy of the open conversation.
  useEffect(() => {
    setOpenConversation((current) => {
      if (!current) return current
      const fresh = list.conversations.find((conversation) => same(conversation.id, current.id))
      return fresh ?? current
    })
  }, [list.conversations])

  // ---- Live updates ----
  const listeners = useRef(new Set<LiveListener>())
  const subscribe = useCallback((listener: LiveListener) => {
    listeners.current.add(listener)
    return () => {
      listeners.current.delete(listener)
    }
  }, [])
  // ---- Customer typing (ephemeral) ----
  const [typingIn, setTypingIn] = useState<string | undefined>()
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const onTyping = useCallback((conversationId: ID) => {
    setTypingIn(String(conversationId))
    if (typingTimer.current) clearTimeout(typingTimer.current)
    typingTimer.current = setTimeout(() => setTypingIn(undefined), typingShownMs)
  }, [])
  useEffect(() => () => typingTimer.current && clearTimeout(typingTimer.current), [])

  // ---- Browser notifications: a customer writes in a conversation assigned to me ----
  const notifications = useNotificationPermission()
  const openRef = useRef({ id: selection.conversationId, conversation: openConversation })
  openRef.current = { id: selection.conversationId, conversation: openConversation }
  const notifyIfMine = useCallback(
    async (data: LiveEvent['data']) => {
      if (notifications.permission !== 'granted' || document.visibilityState !== 'hidden') return
      const { conversation: openDoc } = openRef.current
      let conversation =
        conversationsRef.current.find((c) => same(c.id, data.conversationId)) ?? (openDoc && same(openDoc.id, data.conversationId) ? openDoc : undefined)
      // Not on screen (another filter): read it to know whose it is.
      conversation ??= await api.getConversation(data.conversationId).catch(() => undefined)
      const assignee = conversation?.assignee
      if (!conversation || !same(typeof assignee === 'object' && assignee ? assignee.id : (assignee ?? undefined), currentUser.id)) return
      notify(
        `${data.senderName || 'Customer'}: ${conversation.title || 'New message'}`,
        (data.text ?? '').slice(0, 140),
        `sb-conversation-${String(data.conversationId)}`,
        () => navigate(data.conversationId),
      )
    },
    [api, currentUser.id, navigate, notifications.permission],
  )

  const onLiveEvent = useCallback(
    (event: LiveEvent) => {
      for (const listener of listeners.current) listener.onEvent(event)
      refreshSoon()
      // The nav's count listens to this page's stream through the inbox.
      window.dispatchEvent(new Event(conversationsChangedEvent))
      const { data } = event
      if (event.event !== 'message' || data.direction !== 'in' || data.note) return
      // Their message is what they were typing.
      setTypingIn((current) => (same(current, data.conversationId) ? undefined : current))
      void notifyIfMine(data)
      // Read as it arrives in the open conversation, while the tab is visible: the customer sees "Seen".
      if (same(openRef.current.id, data.conversationId) && document.visibilityState === 'visible') void change(data.conversationId, { unreadCount: 0 })
    },
    [change, notifyIfMine, refreshSoon],
  )
  const onResume = useCallback(() => {
    for (const listener of listeners.current) listener.onResume()
    refreshSoon()
    window.dispatchEvent(new Event(conversationsChangedEvent))
  }, [refreshSoon])
  const liveStatus = useLiveEvents(api.eventsUrl, onLiveEvent, onResume, onTyping)

  useEffect(() => {
    if (liveStatus !== 'offline') return
    const timer = setInterval(onResume, pollMs)
    return () => clearInterval(timer)
  }, [liveStatus, onResume])

  const onReplied = useCallback(
    (message: Message) => {
      const id = selection.conversationId
      if (!id) return
      updateLocal(id, (conversation) => ({ ...conversation, lastMessageAt: message.sentAt, lastMessagePreview: message.text?.slice(0, 140) ?? '' }))
      refreshSoon()
    },
    [refreshSoon, selection.conversationId, updateLocal],
  )

  // ---- Drafts survive switching conversations ----
  const drafts = useRef(new Map<string, string>())

  // ---- Keyboard ----
  const threadHandle = useRef<ThreadHandle>(null)

  const focusConversation = useCallback((id: string | undefined) => {
    if (!id) return
    listRef.current?.querySelector<HTMLAnchorElement>(`[data-conversation-id="${CSS.escape(id)}"] a`)?.focus()
  }, [])

  const closeThread = useCallback(() => {
    const id = selection.conversationId
    navigate(undefined)
    // Back to the list, on the conversation that was open.
    requestAnimationFrame(() => focusConversation(id))
  }, [focusConversation, navigate, selection.conversationId])

  const move = useCallback(
    (step: 1 | -1) => {
      if (searching) {
        const results = Array.from(listPaneRef.current?.querySelectorAll<HTMLButtonElement>('.sb-inbox-search__result') ?? [])
        const index = results.indexOf(document.activeElement as HTMLButtonElement)
        results[index === -1 ? (step > 0 ? 0 : results.length - 1) : Math.min(results.length - 1, Math.max(0, index + step))]?.focus()
        return
      }
      const ids = list.conversations.map((conversation) => String(conversation.id))
      if (ids.length === 0) return
      const current = activeId ?? selection.conversationId
      const index = current ? ids.indexOf(current) : -1
      const next = index === -1 ? (step > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, index + step))
      if (step > 0 && index === ids.length - 1 && list.hasMore && !list.loadingMore) list.loadMore()
      setActiveId(ids[next])
      focusConversation(ids[next])
    },
    [activeId, focusConversation, list, searching, selection.conversationId],
  )

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return
      switch (event.key) {
        case 'j':
        case 'k':
          event.preventDefault()
          move(event.key === 'j' ? 1 : -1)
          break
        case 'Enter': {
          // Links and buttons open themselves.
          if ((event.target as HTMLElement | null)?.closest?.('a, button')) return
          if (activeId && !searching) {
            event.preventDefault()
            navigate(activeId)
          }
          break
        }
        case 'Escape':
          if (threadHandle.current?.escape()) {
            event.preventDefault()
          } else if (searching) {
            event.preventDefault()
            setSearchKey((key) => key + 1)
          } else if (selection.conversationId) {
            event.preventDefault()
            closeThread()
          }
          break
        case '/':
          event.preventDefault()
          searchInputRef.current?.focus()
          break
        case 'e': {
          // Resolve the open conversation, else the one under the cursor in the list.
          const id = selection.conversationId ?? (searching ? undefined : activeId)
          if (id) {
            event.preventDefault()
            void change(id, { status: 'resolved' })
          }
          break
        }
        case 'r':
          if (selection.conversationId) {
            event.preventDefault()
            threadHandle.current?.focusComposer()
          }
          break
        default:
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [activeId, change, closeThread, move, navigate, searching, selection.conversationId])

  const focusMessage = useMemo(
    () => (selection.messageId ? { id: selection.messageId, nonce: selection.nonce } : undefined),
    [selection.messageId, selection.nonce],
  )

  const conversationsSlug = settings.conversationsSlug
  const open = selection.conversationId

  return (
    <div className={baseClass} data-thread-open={open ? 'true' : 'false'}>
      <div className={`${baseClass}__list-pane`} data-searching={searching ? 'true' : 'false'} ref={listPaneRef}>
        <div className={`${baseClass}__list-head`}>
          <div className={`${baseClass}__heading`}>
            <h1 className={`${baseClass}__title`}>Inbox</h1>
            <EnableNotifications onRequest={notifications.request} permission={notifications.permission} />
            <LiveIndicator status={liveStatus} />
          </div>
          <MessageSearch
            api={api}
            inputRef={searchInputRef}
            key={searchKey}
            label="Search all messages"
            labels={filters.labels}
            onActiveChange={setSearching}
            onClose={() => searchInputRef.current?.blur()}
            onOpenResult={(result) => navigate(result.conversationId, result.messageId)}
            placeholder="Search all messages  ( / )"
            showConversation
          >
            {searching && filters.labels.length > 0 ? (
              <p className={`${baseClass}__search-scope`}>
                In conversations labelled{' '}
                {filters.labels
                  .map((id) => labels.find((label) => same(label.id, id))?.name)
                  .filter(Boolean)
                  .join(', ')}
              </p>
            ) : null}
          </MessageSearch>
        </div>
        {searching ? null : (
          <>
            <StatusTabs
              assignee={filters.assignee}
              counts={counts}
              onAssigneeChange={(assignee) => setFilters((current) => ({ ...current, assignee }))}
              onChange={(conversationStatus) => setFilters((current) => ({ ...current, conversationStatus }))}
              value={filters.conversationStatus}
            />
            <ConversationFilters filters={filters} labels={labels} onChange={setFilters} />
            <ConversationList
              activeId={activeId}
              conversations={list.conversations}
              error={list.error}
              hasMore={list.hasMore}
              hrefFor={hrefFor}
              knownLabels={labels}
              listRef={listRef}
              loading={list.loading}
              loadingMore={list.loadingMore}
              onActivate={(id) => setActiveId(String(id))}
              onLoadMore={list.loadMore}
              onOpen={(id) => navigate(id)}
              onRetry={list.refresh}
              selectedId={open}
              totalDocs={list.totalDocs}
            />
          </>
        )}
        <p className={`${baseClass}__keys`}>
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> back · <kbd>/</kbd> search · <kbd>r</kbd> reply · <kbd>e</kbd> resolve
        </p>
      </div>
      <div className={`${baseClass}__thread-pane`}>
        {open ? (
          openError ? (
            <div className={`${baseClass}__empty`} role="alert">
              <p>{openError}</p>
              <button className={`${baseClass}__link-button`} onClick={closeThread} type="button">
                Back to the conversations
              </button>
            </div>
          ) : (
            <Thread
              api={api}
              conversation={openConversation && same(openConversation.id, open) ? openConversation : undefined}
              conversationId={open}
              currentUser={currentUser}
              customerTyping={same(typingIn, open)}
              documentHref={`${adminRoute === '/' ? '' : adminRoute}/collections/${conversationsSlug}/${encodeURIComponent(open)}`}
              draft={drafts.current.get(open) ?? ''}
              focusMessage={focusMessage}
              handleRef={threadHandle}
              key={open}
              knownLabels={labels}
              staff={staff}
              cannedReplies={cannedReplies}
              labelsHref={`${adminRoute === '/' ? '' : adminRoute}/collections/${settings.labelsSlug}`}
              maxMessageLength={settings.maxMessageLength}
              attachmentLimits={{ maxBytes: settings.maxAttachmentBytes, types: settings.attachmentTypes }}
              onBack={closeThread}
              onChange={(data) => void change(open, data)}
              onDraftChange={(text) => drafts.current.set(open, text)}
              onLabels={(ids) =>
                void change(
                  open,
                  // Send ids in the type the labels have (numbers on Postgres).
                  { labels: ids.map((id) => labels.find((label) => same(label.id, id))?.id ?? docId(id)) },
                )
              }
              onOpenMessage={(messageId) => navigate(open, messageId)}
              onReplied={onReplied}
              subscribe={subscribe}
            />
          )
        ) : (
          <div className={`${baseClass}__empty`}>
            <p>Select a conversation to read it and reply.</p>
          </div>
        )}
      </div>
    </div>
  )
}
