'use client'

import { useCallback, useEffect, useRef, useState } from 'react'

import type { ID } from './types'

import { sameId } from './sameId'

/** How long "typing…" shows after the last typing signal (clients send one every 3 s while typing). */
const typingShownMs = 6_000

export interface CustomerTyping {
  /** The conversation whose customer is typing now, if any. */
  typingIn: string | undefined
  /** A typing signal arrived (ephemeral, from the live connection). */
  onTyping: (conversationId: ID) => void
  /** Their message arrived: what they were typing. */
  stopTyping: (conversationId: ID) => void
}

/** Which conversation's customer is typing, shown for a while after each signal. */
export const useCustomerTyping = (): CustomerTyping => {
  const [typingIn, setTypingIn] = useState<string | undefined>()
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const onTyping = useCallback((conversationId: ID) => {
    setTypingIn(String(conversationId))
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => setTypingIn(undefined), typingShownMs)
  }, [])
  const stopTyping = useCallback((conversationId: ID) => {
    setTypingIn((current) => (sameId(current, conversationId) ? undefined : current))
  }, [])
  useEffect(() => () => timer.current && clearTimeout(timer.current), [])
  return { typingIn, onTyping, stopTyping }
}
