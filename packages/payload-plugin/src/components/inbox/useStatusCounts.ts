'use client'

import { useEffect, useState } from 'react'

import type { InboxApi } from './api'
import type { Conversation, InboxFilters, StatusCounts } from './types'

/** The counts on the status tabs, reloaded with the list (`conversations` changes on every reload). */
export const useStatusCounts = (api: InboxApi, filters: InboxFilters, conversations: Conversation[]): StatusCounts | undefined => {
  const [counts, setCounts] = useState<StatusCounts | undefined>()
  useEffect(() => {
    const controller = new AbortController()
    api.statusCounts(filters, controller.signal).then(setCounts, () => {
      // The tabs work without their counts.
    })
    return () => controller.abort()
  }, [api, filters, conversations])
  return counts
}
