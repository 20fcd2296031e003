'use client'

import { useMemo, useRef } from 'react'

export interface Drafts {
  draftOf: (conversationId: string) => string
  setDraft: (conversationId: string, text: string) => void
}

/** Unsent replies per conversation, so they survive switching conversations (not reloads). */
export const useDrafts = (): Drafts => {
  const drafts = useRef(new Map<string, string>())
  return useMemo(
    () => ({
      draftOf: (conversationId) => drafts.current.get(conversationId) ?? '',
      setDraft: (conversationId, text) => {
        drafts.current.set(conversationId, text)
      },
    }),
    [],
  )
}
