'use client'

import { useCallback, useEffect, useMemo, useRef, useState } from 'react'

import type { InboxApi } from './api'
import type { Conversation, ID, InboxFilters } from './types'

import { isAbort, messageOf } from '../shared/request'
import { conversationsPageSize } from './api'
import { sameId } from './sameId'

export interface ConversationsState {
  conversations: Conversation[]
  totalDocs: number
  hasMore: boolean
  /** The first page for the current filters is on its way. */
  loading: boolean
  loadingMore: boolean
  error?: string
  loadMore: () => void
  /** Reloads everything loaded so far (same number of rows), e.g. after a live event. */
  refresh: () => void
  /** Replaces or patches one conversation where it is shown, without a request. */
  updateLocal: (id: ID, update: (conversation: Conversation) => Conversation) => void
}

/**
 * The conversation list for a set of filters, newest activity first, 30 at a time. `refresh`
 * reloads the rows already shown in one request, so live updates keep "load more" progress.
 */
export const useConversations = (api: InboxApi, filters: InboxFilters): ConversationsState => {
  const [conversations, setConversations] = useState<Conversation[]>([])
  const [totalDocs, setTotalDocs] = useState(0)
  const [hasMore, setHasMore] = useState(false)
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const pages = useRef(1)
  const request = useRef<AbortController | undefined>(undefined)
  const filtersKey = useMemo(() => JSON.stringify(filters), [filters])
  const filtersRef = useRef(filters)
  filtersRef.current = filters

  const fetchRows = useCallback(
    async (mode: 'more' | 'refresh' | 'reset') => {
      request.current?.abort()
      const controller = new AbortController()
      request.current = controller
      if (mode === 'reset') {
        pages.current = 1
        setLoading(true)
      }
      if (mode === 'more') setLoadingMore(true)
      try {
        const page =
          mode === 'more'
            ? await api.listConversations(filtersRef.current, { limit: conversationsPageSize, page: pages.current + 1, signal: controller.signal })
            : await api.listConversations(filtersRef.current, { limit: conversationsPageSize * pages.current, page: 1, signal: controller.signal })
        if (controller.signal.aborted) return
        if (mode === 'more') {
          pages.current += 1
          setConversations((current) => [...current, ...page.docs.filter((doc) => !current.some((shown) => sameId(shown.id, doc.id)))])
        } else {
          setConversations(page.docs)
        }
        setTotalDocs(page.totalDocs)
        setHasMore(page.hasNextPage)
        setError(undefined)
      } catch (failure) {
        if (isAbort(failure) || controller.signal.aborted) return
        setError(messageOf(failure))
      } finally {
        if (request.current === controller) {
          setLoading(false)
          setLoadingMore(false)
        }
      }
    },
    [api],
  )

  useEffect(() => {
    void fetchRows('reset')
  }, [fetchRows, filtersKey])

  useEffect(() => () => request.current?.abort(), [])

  const loadMore = useCallback(() => void fetchRows('more'), [fetchRows])
  const refresh = useCallback(() => void fetchRows('refresh'), [fetchRows])
  const updateLocal = useCallback((id: ID, update: (conversation: Conversation) => Conversation) => {
    setConversations((current) => current.map((conversation) => (sameId(conversation.id, id) ? update(conversation) : conversation)))
  }, [])

  return { conversations, totalDocs, hasMore, loading, loadingMore, error, loadMore, refresh, updateLocal }
}
