'use client'

import { useCallback, useEffect, useRef, useState } from 'react'

import type { InboxApi } from './api'
import type { ID, LiveEvent, Message } from './types'

import { isAbort, messageOf, RequestError } from '../shared/request'
import { messagesPageSize } from './api'
import { compareMessages } from './format'

/** Page size when catching up to a message far back in history. */
const jumpPageSize = 200
/** Pages tried under one cursor when every row on them is already loaded (many messages in one millisecond). */
const maxPagesPerCursor = 20

export interface ThreadMessages {
  messages: Message[]
  /** The newest page is on its way (or failed: see `error`). */
  status: 'error' | 'loading' | 'ready'
  error?: string
  hasOlder: boolean
  loadingOlder: boolean
  /** Loads the page before the oldest message shown. */
  loadOlder: () => Promise<void>
  /** Loads history until the message is shown; resolves false when it is not in this conversation. */
  loadUntil: (messageId: ID) => Promise<{ found: boolean; error?: string }>
  /** Adds or updates messages (a sent reply, a live event's message). */
  upsert: (messages: Array<Partial<Message> & Pick<Message, 'id'>>) => void
  applyLiveEvent: (event: LiveEvent) => void
  /** Reloads the newest page after a gap in live updates. */
  catchUp: () => Promise<void>
  /** Reply targets (by Telegram message id) that are not among the loaded messages. */
  replyTargets: Map<string, Message>
}

const key = (id: ID) => String(id)
const idOfRelation = (value: Message['conversation']): string | undefined =>
  value === null || value === undefined ? undefined : typeof value === 'object' ? key(value.id) : key(value)

/** Merges `incoming` into `current` by id (incoming fields win), oldest first. */
const merge = (current: Message[], incoming: Array<Partial<Message> & Pick<Message, 'id'>>): Message[] => {
  const byId = new Map(current.map((message) => [key(message.id), message]))
  for (const message of incoming) {
    const existing = byId.get(key(message.id))
    if (existing) {
      byId.set(key(message.id), { ...existing, ...message })
    } else if (message.sentAt && message.direction) {
      byId.set(key(message.id), message as Message)
    }
  }
  return [...byId.values()].sort(compareMessages)
}

/**
 * A conversation's messages for the thread view: the newest page first, older pages on demand
 * (keyset on `sentAt`, so new messages arriving meanwhile never shift what "older" means), live
 * events merged in place.
 */
export const useThreadMessages = (api: InboxApi, conversationId: ID): ThreadMessages => {
  const [messages, setMessages] = useState<Message[]>([])
  const [status, setStatus] = useState<ThreadMessages['status']>('loading')
  const [error, setError] = useState<string | undefined>()
  const [hasOlder, setHasOlder] = useState(false)
  const [loadingOlder, setLoadingOlder] = useState(false)
  const [replyTargets, setReplyTargets] = useState<Map<string, Message>>(() => new Map())

  const messagesRef = useRef<Message[]>([])
  const hasOlderRef = useRef(false)
  const busy = useRef(false)
  const controller = useRef<AbortController | undefined>(undefined)
  const requestedTargets = useRef(new Set<string>())
  const conversationKey = key(conversationId)

  const apply = useCallback((next: Message[]) => {
    messagesRef.current = next
    setMessages(next)
  }, [])
  const setOlder = useCallback((value: boolean) => {
    hasOlderRef.current = value
    setHasOlder(value)
  }, [])

  // Reply context for replies to messages not loaded: one request per batch of unknown targets.
  useEffect(() => {
    const loadedExternal = new Set(messages.map((message) => (message.externalId == null ? '' : String(message.externalId))))
    const missing = [
      ...new Set(
        messages
          .map((message) => (message.replyToExternalId == null ? '' : String(message.replyToExternalId)))
          .filter((id) => id && !loadedExternal.has(id) && !requestedTargets.current.has(id)),
      ),
    ].slice(0, 50)
    if (missing.length === 0) return
    for (const id of missing) requestedTargets.current.add(id)
    const signal = controller.current?.signal
    api
      .findByExternalIds(conversationId, missing, signal)
      .then((found) => {
        if (signal?.aborted || found.length === 0) return
        setReplyTargets((current) => {
          const next = new Map(current)
          for (const message of found) if (message.externalId != null) next.set(String(message.externalId), message)
          return next
        })
      })
      .catch(() => {
        // Reply context is a nicety: the reply still shows which message it answered by number.
      })
  }, [api, conversationId, messages])

  // The newest page whenever the conversation changes.
  useEffect(() => {
    controller.current?.abort()
    const current = new AbortController()
    controller.current = current
    busy.current = false
    requestedTargets.current = new Set()
    apply([])
    setOlder(false)
    setReplyTargets(new Map())
    setStatus('loading')
    setError(undefined)
    setLoadingOlder(false)
    api
      .listMessages(conversationKey, { limit: messagesPageSize, signal: current.signal })
      .then((page) => {
        if (current.signal.aborted) return
        apply(merge([], page.docs))
        setOlder(page.hasNextPage)
        setStatus('ready')
      })
      .catch((failure: unknown) => {
        if (isAbort(failure) || current.signal.aborted) return
        setError(messageOf(failure))
        setStatus('error')
      })
    return () => current.abort()
  }, [api, apply, conversationKey, setOlder])

  /** One step back in history under a fixed cursor; returns how many messages were new. */
  const stepBack = useCallback(
    async (limit: number, notBefore?: string): Promise<number> => {
      const signal = controller.current?.signal
      const cursor = messagesRef.current[0]?.sentAt
      for (let page = 1; page <= maxPagesPerCursor; page += 1) {
        const result = await api.listMessages(conversationKey, { before: cursor, notBefore, limit, page, signal })
        if (signal?.aborted) return 0
        const known = new Set(messagesRef.current.map((message) => key(message.id)))
        const fresh = result.docs.filter((message) => !known.has(key(message.id)))
        if (fresh.length > 0) apply(merge(messagesRef.current, fresh))
        if (notBefore === undefined) setOlder(result.hasNextPage)
        if (fresh.length > 0 || !result.hasNextPage) return fresh.length
      }
      return 0
    },
    [api, apply, conversationKey, setOlder],
  )

  const loadOlder = useCallback(async () => {
    if (busy.current || !hasOlderRef.current || messagesRef.current.length === 0) return
    busy.current = true
    setLoadingOlder(true)
    try {
      await stepBack(messagesPageSize)
    } catch (failure) {
      if (!isAbort(failure)) setError(messageOf(failure))
    } finally {
      busy.current = false
      setLoadingOlder(false)
    }
  }, [stepBack])

  const loadUntil = useCallback(
    async (messageId: ID): Promise<{ found: boolean; error?: string }> => {
      const has = () => messagesRef.current.some((message) => key(message.id) === key(messageId))
      if (has()) return { found: true }
      let target: Message
      try {
        target = await api.getMessage(messageId, controller.current?.signal)
      } catch (failure) {
        if (isAbort(failure)) return { found: false }
        if (failure instanceof RequestError && failure.status === 404) return { found: false, error: 'That message no longer exists, or you cannot see it.' }
        return { found: false, error: messageOf(failure) }
      }
      if (idOfRelation(target.conversation) !== conversationKey) {
        return { found: false, error: 'That message belongs to another conversation.' }
      }
      // Wait for a load already under way, then load everything between the oldest shown and the target.
      while (busy.current) await new Promise((resolve) => setTimeout(resolve, 50))
      busy.current = true
      setLoadingOlder(true)
      try {
        for (let round = 0; round < 1_000 && !has(); round += 1) {
          const oldest = messagesRef.current[0]
          if (oldest && compareMessages(oldest, target) < 0) {
            // Loaded past it without finding it (it arrived meanwhile): merge it in place.
            apply(merge(messagesRef.current, [target]))
            break
          }
          const fresh = await stepBack(jumpPageSize, target.sentAt)
          if (controller.current?.signal.aborted) return { found: false }
          if (fresh === 0 && !has()) {
            apply(merge(messagesRef.current, [target]))
            break
          }
        }
        // History older than the target is still there to scroll to.
        setOlder(true)
        return { found: has() }
      } catch (failure) {
        return { found: false, error: isAbort(failure) ? undefined : messageOf(failure) }
      } finally {
        busy.current = false
        setLoadingOlder(false)
      }
    },
    [api, apply, conversationKey, setOlder, stepBack],
  )

  const upsert = useCallback(
    (incoming: Array<Partial<Message> & Pick<Message, 'id'>>) => apply(merge(messagesRef.current, incoming)),
    [apply],
  )

  const applyLiveEvent = useCallback(
    ({ event, data }: LiveEvent) => {
      if (key(data.conversationId) !== conversationKey) return
      const existing = messagesRef.current.find((message) => key(message.id) === key(data.id))
      const oldest = messagesRef.current[0]
      // An edit of a message further back than the loaded history: it shows when scrolled to.
      if (!existing && oldest && hasOlderRef.current && data.sentAt && Date.parse(data.sentAt) < Date.parse(oldest.sentAt)) return
      if (!existing && event !== 'message' && !data.sentAt) return
      const update: Partial<Message> & Pick<Message, 'id'> = { id: data.id }
      if (data.sentAt) update.sentAt = data.sentAt
      if (data.direction) update.direction = data.direction
      if (data.senderName !== undefined) update.senderName = data.senderName
      if (data.editedAt !== undefined) update.editedAt = data.editedAt
      if (data.clientMessageId !== undefined) update.clientMessageId = data.clientMessageId
      if (data.deliveryStatus !== undefined) update.deliveryStatus = data.deliveryStatus
      if (data.deliveryError !== undefined) update.deliveryError = data.deliveryError
      if (event === 'message-deleted') {
        update.deletedAt = data.deletedAt ?? existing?.deletedAt ?? new Date().toISOString()
        // A deletion event may withhold the text: keep what was shown.
        if (typeof data.text === 'string') update.text = data.text
      } else {
        if (data.text !== undefined) update.text = data.text
        if (data.deletedAt !== undefined) update.deletedAt = data.deletedAt
      }
      if (!existing) update.kind = data.note ? 'note' : 'text'
      apply(merge(messagesRef.current, [update]))
    },
    [apply, conversationKey],
  )

  const catchUp = useCallback(async () => {
    try {
      const page = await api.listMessages(conversationKey, { limit: messagesPageSize, signal: controller.current?.signal })
      const known = new Set(messagesRef.current.map((message) => key(message.id)))
      const overlaps = page.docs.some((message) => known.has(key(message.id)))
      if (!overlaps && page.hasNextPage) {
        // Missed more than a page: start again from the newest page.
        apply(merge([], page.docs))
        setOlder(true)
      } else {
        apply(merge(messagesRef.current, page.docs))
      }
    } catch {
      // Next event or reconnection tries again.
    }
  }, [api, apply, conversationKey, setOlder])

  return { messages, status, error, hasOlder, loadingOlder, loadOlder, loadUntil, upsert, applyLiveEvent, catchUp, replyTargets }
}
