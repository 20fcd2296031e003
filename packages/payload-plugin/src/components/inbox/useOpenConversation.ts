'use client'

import { toast } from '@payloadcms/ui'
import { useCallback, useEffect, useRef, useState } from 'react'

import type { InboxApi } from './api'
import type { ConversationChange } from './ThreadHeader'
import type { Conversation, ID, Label } from './types'

import { isAbort, messageOf, RequestError } from '../shared/request'
import { sameId } from './sameId'
import { conversationsChangedEvent } from './useMyOpenCount'

export type InboxChange = ConversationChange & { labels?: ID[] }

export interface OpenConversationOptions {
  api: InboxApi
  /** The selected conversation, if any. */
  conversationId: string | undefined
  /** The loaded list, whose reloads carry the freshest copy of the open conversation. */
  conversations: Conversation[]
  labels: Label[]
  updateLocal: (id: ID, update: (conversation: Conversation) => Conversation) => void
  refreshSoon: () => void
  /** A conversation was opened (the list's cursor follows it). */
  onOpen: (id: string) => void
}

export interface OpenConversation {
  conversation: Conversation | undefined
  error: string | undefined
  /** Changes a conversation at once on screen, then on the server; undone if the server refuses. */
  change: (id: ID, data: InboxChange) => Promise<void>
  /** A conversation on screen (the list or the open one), without asking the server. */
  find: (id: ID) => Conversation | undefined
}

/** The open conversation: loaded when selected (which reads it), kept fresh, and changed optimistically. */
export const useOpenConversation = ({
  api,
  conversationId,
  conversations,
  labels,
  updateLocal,
  refreshSoon,
  onOpen,
}: OpenConversationOptions): OpenConversation => {
  const [conversation, setConversation] = useState<Conversation | undefined>()
  const [error, setError] = useState<string | undefined>()
  const shown = useRef({ conversations, conversation })
  shown.current = { conversations, conversation }

  const find = useCallback((id: ID) => {
    const { conversations: list, conversation: open } = shown.current
    return list.find((candidate) => sameId(candidate.id, id)) ?? (open && sameId(open.id, id) ? open : undefined)
  }, [])

  const latestChange = useRef(new Map<string, number>())
  const change = useCallback(
    async (id: ID, data: InboxChange) => {
      const before = find(id)
      const optimistic = (current: Conversation): Conversation => ({
        ...current,
        ...data,
        labels: data.labels ? data.labels.map((labelId) => labels.find((label) => sameId(label.id, labelId)) ?? labelId) : current.labels,
      })
      const put = (update: (current: Conversation) => Conversation) => {
        updateLocal(id, update)
        setConversation((current) => (current && sameId(current.id, id) ? update(current) : current))
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
    [api, find, labels, refreshSoon, updateLocal],
  )

  useEffect(() => {
    const id = conversationId
    setError(undefined)
    if (!id) {
      setConversation(undefined)
      return
    }
    setConversation(shown.current.conversations.find((candidate) => sameId(candidate.id, id)))
    onOpen(id)
    const controller = new AbortController()
    api
      .getConversation(id, controller.signal)
      .then((doc) => {
        if (controller.signal.aborted) return
        setConversation(doc)
        // Opening a conversation reads it.
        if (Number(doc.unreadCount ?? 0) > 0) void change(doc.id, { unreadCount: 0 })
      })
      .catch((failure: unknown) => {
        if (isAbort(failure) || controller.signal.aborted) return
        setError(
          failure instanceof RequestError && (failure.status === 404 || failure.status === 403)
            ? 'This conversation does not exist, or you cannot see it.'
            : messageOf(failure),
        )
      })
    return () => controller.abort()
    // `change` and `onOpen` are left out on purpose: a new label list must not reload the conversation.
  }, [api, conversationId])

  // List reloads carry the freshest copy of the open conversation.
  useEffect(() => {
    setConversation((current) => {
      if (!current) return current
      const fresh = conversations.find((candidate) => sameId(candidate.id, current.id))
      return fresh ?? current
    })
  }, [conversations])

  return { conversation, error, change, find }
}
