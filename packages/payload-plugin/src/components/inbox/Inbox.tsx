'use client'

import { useConfig } from '@payloadcms/ui'
import React, { useCallback, useMemo, useRef, useState } from 'react'

import type { ThreadHandle } from './Thread'
import type { CurrentUser, InboxFilters, InboxSettings, LiveEvent, Message } from './types'

import { createInboxApi, docId } from './api'
import { ConversationFilters } from './ConversationFilters'
import { ConversationList } from './ConversationList'
import { adminPrefix } from './inboxRoute'
import { LiveIndicator } from './LiveIndicator'
import { EnableNotifications } from './notifications'
import { MessageSearch } from './MessageSearch'
import { sameId } from './sameId'
import { StatusTabs } from './StatusTabs'
import { Thread } from './Thread'
import { defaultFilters } from './types'
import { useAssignedNotifications } from './useAssignedNotifications'
import { useConversations } from './useConversations'
import { useCustomerTyping } from './useCustomerTyping'
import { useDrafts } from './useDrafts'
import { useFreshList } from './useFreshList'
import { useInboxLive } from './useInboxLive'
import { useInboxRoute } from './useInboxRoute'
import { useInboxShortcuts } from './useInboxShortcuts'
import { useOpenConversation } from './useOpenConversation'
import { useRefreshSoon } from './useRefreshSoon'
import { useStaff } from './useStaff'
import { useStatusCounts } from './useStatusCounts'
import './Inbox.scss'

const baseClass = 'sb-inbox'

export interface InboxProps {
  settings: InboxSettings
  currentUser: CurrentUser
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
  // The view re-renders on every navigation with new (equal) props: keep one API object, so the
  // list, the thread and the live connection are not reloaded each time.
  const settingsKey = JSON.stringify(settings)
  const userKey = `${String(currentUser.id)}|${currentUser.name}`
  const api = useMemo(() => createInboxApi(apiRoute, settings, currentUser), [apiRoute, settingsKey, userKey])

  const { selection, hrefFor, navigate } = useInboxRoute(adminRoute)

  // Labels, canned replies for the composer, and staff for assignment.
  const labels = useFreshList(api.listLabels)
  const cannedReplies = useFreshList(api.listCannedReplies)
  const staff = useStaff(api)

  // The list.
  const [filters, setFilters] = useState<InboxFilters>(defaultFilters)
  const list = useConversations(api, filters)
  const listRef = useRef<HTMLUListElement>(null)
  const listPaneRef = useRef<HTMLDivElement>(null)
  const [activeId, setActiveId] = useState<string | undefined>(selection.conversationId)
  const [searching, setSearching] = useState(false)
  const [searchKey, setSearchKey] = useState(0)
  const searchInputRef = useRef<HTMLInputElement>(null)
  const { updateLocal } = list
  const refreshSoon = useRefreshSoon(list.refresh)
  const counts = useStatusCounts(api, filters, list.conversations)

  // The open conversation.
  const openConversation = useOpenConversation({
    api,
    conversationId: selection.conversationId,
    conversations: list.conversations,
    labels,
    updateLocal,
    refreshSoon,
    onOpen: setActiveId,
  })
  const { change } = openConversation

  // Live updates: the customer's typing, their messages, and notifications of mine.
  const typing = useCustomerTyping()
  const notifications = useAssignedNotifications(api, currentUser.id, openConversation.find, navigate)
  const { stopTyping } = typing
  const { notifyIfMine } = notifications
  const onCustomerMessage = useCallback(
    (data: LiveEvent['data']) => {
      // Their message is what they were typing.
      stopTyping(data.conversationId)
      void notifyIfMine(data)
      // Read as it arrives in the open conversation, while the tab is visible: the customer sees "Seen".
      if (sameId(selection.conversationId, data.conversationId) && document.visibilityState === 'visible') void change(data.conversationId, { unreadCount: 0 })
    },
    [change, notifyIfMine, selection.conversationId, stopTyping],
  )
  const live = useInboxLive({ eventsUrl: api.eventsUrl, refreshSoon, onTyping: typing.onTyping, onCustomerMessage })

  const onReplied = useCallback(
    (message: Message) => {
      const id = selection.conversationId
      if (!id) return
      updateLocal(id, (conversation) => ({ ...conversation, lastMessageAt: message.sentAt, lastMessagePreview: message.text?.slice(0, 140) ?? '' }))
      refreshSoon()
    },
    [refreshSoon, selection.conversationId, updateLocal],
  )

  const drafts = useDrafts()

  // Keyboard.
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

  const closeSearch = useCallback(() => setSearchKey((key) => key + 1), [])

  useInboxShortcuts({
    list,
    activeId,
    setActiveId,
    openId: selection.conversationId,
    searching,
    listPaneRef,
    searchInputRef,
    threadHandle,
    focusConversation,
    navigate,
    closeThread,
    closeSearch,
    change,
  })

  const focusMessage = useMemo(
    () => (selection.messageId ? { id: selection.messageId, nonce: selection.nonce } : undefined),
    [selection.messageId, selection.nonce],
  )

  const conversationsSlug = settings.conversationsSlug
  const open = selection.conversationId
  const admin = adminPrefix(adminRoute)

  return (
    <div className={baseClass} data-thread-open={open ? 'true' : 'false'}>
      <div className={`${baseClass}__list-pane`} data-searching={searching ? 'true' : 'false'} ref={listPaneRef}>
        <div className={`${baseClass}__list-head`}>
          <div className={`${baseClass}__heading`}>
            <h1 className={`${baseClass}__title`}>Inbox</h1>
            <EnableNotifications onRequest={notifications.request} permission={notifications.permission} />
            <LiveIndicator status={live.status} />
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
                  .map((id) => labels.find((label) => sameId(label.id, id))?.name)
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
          openConversation.error ? (
            <div className={`${baseClass}__empty`} role="alert">
              <p>{openConversation.error}</p>
              <button className={`${baseClass}__link-button`} onClick={closeThread} type="button">
                Back to the conversations
              </button>
            </div>
          ) : (
            <Thread
              api={api}
              conversation={openConversation.conversation && sameId(openConversation.conversation.id, open) ? openConversation.conversation : undefined}
              conversationId={open}
              currentUser={currentUser}
              customerTyping={sameId(typing.typingIn, open)}
              documentHref={`${admin}/collections/${conversationsSlug}/${encodeURIComponent(open)}`}
              draft={drafts.draftOf(open)}
              focusMessage={focusMessage}
              handleRef={threadHandle}
              key={open}
              knownLabels={labels}
              staff={staff}
              cannedReplies={cannedReplies}
              labelsHref={`${admin}/collections/${settings.labelsSlug}`}
              maxMessageLength={settings.maxMessageLength}
              attachmentLimits={{ maxBytes: settings.maxAttachmentBytes, types: settings.attachmentTypes }}
              onBack={closeThread}
              onChange={(data) => void change(open, data)}
              onDraftChange={(text) => drafts.setDraft(open, text)}
              onLabels={(ids) =>
                void change(
                  open,
                  // Send ids in the type the labels have (numbers on Postgres).
                  { labels: ids.map((id) => labels.find((label) => sameId(label.id, id))?.id ?? docId(id)) },
                )
              }
              onOpenMessage={(messageId) => navigate(open, messageId)}
              onReplied={onReplied}
              subscribe={live.subscribe}
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
