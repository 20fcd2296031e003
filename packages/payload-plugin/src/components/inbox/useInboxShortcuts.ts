'use client'

import type { RefObject } from 'react'

import { useCallback, useEffect } from 'react'

import type { ThreadHandle } from './Thread'
import type { ID } from './types'
import type { ConversationsState } from './useConversations'
import type { InboxChange } from './useOpenConversation'

import { stepCursor } from './listCursor'

/** Typing somewhere: single-key shortcuts stay out of the way. */
const isTyping = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  return Boolean(target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="dialog"]'))
}

export interface InboxShortcutsOptions {
  list: ConversationsState
  /** The list row under the keyboard cursor. */
  activeId: string | undefined
  setActiveId: (id: string) => void
  /** The open conversation. */
  openId: string | undefined
  /** Message search is showing its results instead of the list. */
  searching: boolean
  listPaneRef: RefObject<HTMLDivElement | null>
  searchInputRef: RefObject<HTMLInputElement | null>
  threadHandle: RefObject<ThreadHandle | null>
  focusConversation: (id: string | undefined) => void
  navigate: (conversationId?: ID) => void
  closeThread: () => void
  closeSearch: () => void
  change: (id: ID, data: InboxChange) => Promise<void>
}

/** The inbox's keyboard: j/k move, Enter opens, Esc goes back, / searches, r replies, e resolves. */
export const useInboxShortcuts = ({
  list,
  activeId,
  setActiveId,
  openId,
  searching,
  listPaneRef,
  searchInputRef,
  threadHandle,
  focusConversation,
  navigate,
  closeThread,
  closeSearch,
  change,
}: InboxShortcutsOptions): void => {
  const move = useCallback(
    (step: 1 | -1) => {
      if (searching) {
        const results = Array.from(listPaneRef.current?.querySelectorAll<HTMLButtonElement>('.sb-inbox-search__result') ?? [])
        results[stepCursor(results.indexOf(document.activeElement as HTMLButtonElement), results.length, step)]?.focus()
        return
      }
      const ids = list.conversations.map((conversation) => String(conversation.id))
      if (ids.length === 0) return
      const current = activeId ?? openId
      const index = current ? ids.indexOf(current) : -1
      const next = ids[stepCursor(index, ids.length, step)]!
      if (step > 0 && index === ids.length - 1 && list.hasMore && !list.loadingMore) list.loadMore()
      setActiveId(next)
      focusConversation(next)
    },
    [activeId, focusConversation, list, listPaneRef, openId, searching, setActiveId],
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
            closeSearch()
          } else if (openId) {
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
          const id = openId ?? (searching ? undefined : activeId)
          if (id) {
            event.preventDefault()
            void change(id, { status: 'resolved' })
          }
          break
        }
        case 'r':
          if (openId) {
            event.preventDefault()
            threadHandle.current?.focusComposer()
          }
          break
        default:
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [activeId, change, closeSearch, closeThread, move, navigate, openId, searchInputRef, searching, threadHandle])
}
