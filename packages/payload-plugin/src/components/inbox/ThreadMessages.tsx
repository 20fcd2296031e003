'use client'

import React, { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'

import type { ID, Message, PendingReply } from './types'

import { dayKey, dayLabel, excerpt } from './format'
import { MessageItem } from './MessageItem'
import './ThreadMessages.scss'

const baseClass = 'sb-thread-messages'
/** Within this many pixels of the bottom, new messages keep the view at the bottom. */
const stickyBottomPx = 120
/** Within this many pixels of the top, the previous page starts loading. */
const loadOlderPx = 240
/** A new sender line after this long a pause, even from the same sender. */
const senderGapMs = 10 * 60_000

export interface ThreadMessagesProps {
  messages: Message[]
  pending: PendingReply[]
  /** Ids of replies sent from this page, shown as "Sent". */
  sentIds: Set<string>
  replyTargets: Map<string, Message>
  status: 'error' | 'loading' | 'ready'
  error?: string
  hasOlder: boolean
  loadingOlder: boolean
  onLoadOlder: () => void
  /** The message to scroll to and mark; `nonce` changes on every jump, even to the same one. */
  highlight?: { id: string; nonce: number }
  /** Changes when the view should go to the newest message (a reply was sent). */
  stickNonce: number
  senderName: string
  origin: string
  /** Where attachments are served (`/<id>` appended). */
  attachmentsUrl: string
  onJumpTo: (id: ID) => void
  onRetry: (clientMessageId: string) => void
  onDiscard: (clientMessageId: string) => void
  /** Sends a stored reply again that Telegram refused. */
  onResend: (id: ID) => void
}

interface Snapshot {
  scrollTop: number
  scrollHeight: number
  clientHeight: number
  firstId: string
  lastId: string
  count: number
  stickNonce: number
}

/** The URL of a message's attachment, if it has one. */
const attachmentHref = (base: string, attachment: Message['attachment']): string | undefined => {
  const id = typeof attachment === 'object' && attachment !== null ? attachment.id : attachment
  return id === undefined || id === null || id === '' ? undefined : `${base}/${encodeURIComponent(String(id))}`
}

const sameSender = (a: Message, b: Message) =>
  a.direction === b.direction && (a.senderName ?? '') === (b.senderName ?? '') && Date.parse(b.sentAt) - Date.parse(a.sentAt) < senderGapMs

/**
 * The scrolling message list: oldest at the top, day separators, older pages loaded when scrolled
 * near the top (keeping what is on screen in place), and the newest message kept in view while
 * the reader is at the bottom.
 */
export const ThreadMessages: React.FC<ThreadMessagesProps> = ({
  messages,
  pending,
  sentIds,
  replyTargets,
  status,
  error,
  hasOlder,
  loadingOlder,
  onLoadOlder,
  highlight,
  stickNonce,
  senderName,
  origin,
  attachmentsUrl,
  onJumpTo,
  onRetry,
  onDiscard,
  onResend,
}) => {
  const scrollRef = useRef<HTMLDivElement>(null)
  const snapshot = useRef<Snapshot>({ scrollTop: 0, scrollHeight: 0, clientHeight: 0, firstId: '', lastId: '', count: 0, stickNonce })
  const [unseen, setUnseen] = useState(0)
  const [announcement, setAnnouncement] = useState('')
  const shownHighlight = useRef<number | undefined>(undefined)

  const byExternalId = useMemo(() => {
    const map = new Map(replyTargets)
    for (const message of messages) if (message.externalId != null) map.set(String(message.externalId), message)
    return map
  }, [messages, replyTargets])

  const firstId = messages[0] ? String(messages[0].id) : ''
  const lastId = pending.length > 0 ? pending[pending.length - 1]!.clientMessageId : messages.length > 0 ? String(messages[messages.length - 1]!.id) : ''
  const count = messages.length + pending.length

  const measure = (element: HTMLDivElement) => ({
    scrollTop: element.scrollTop,
    scrollHeight: element.scrollHeight,
    clientHeight: element.clientHeight,
  })

  useLayoutEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const previous = snapshot.current
    const highlightPending = highlight !== undefined && shownHighlight.current !== highlight.nonce
    if (previous.count === 0 && count > 0) {
      if (!highlightPending) element.scrollTop = element.scrollHeight
    } else if (stickNonce !== previous.stickNonce) {
      element.scrollTop = element.scrollHeight
      setUnseen(0)
    } else if (firstId !== previous.firstId && lastId === previous.lastId) {
      // Older messages went in above: keep what the reader sees where it was.
      element.scrollTop = previous.scrollTop + (element.scrollHeight - previous.scrollHeight)
    } else if (lastId !== previous.lastId && count > previous.count) {
      const wasAtBottom = previous.scrollHeight - previous.scrollTop - previous.clientHeight < stickyBottomPx
      if (wasAtBottom) element.scrollTop = element.scrollHeight
      else setUnseen((current) => current + 1)
      const newest = messages[messages.length - 1]
      if (newest && String(newest.id) === lastId && newest.direction === 'in') {
        setAnnouncement(`New message from ${newest.senderName || 'the customer'}: ${excerpt(newest, 140)}`)
      }
    }
    snapshot.current = { ...measure(element), firstId, lastId, count, stickNonce }
  }, [count, firstId, highlight, lastId, messages, stickNonce])

  // Scroll to the highlighted message once it is rendered.
  useEffect(() => {
    if (!highlight || shownHighlight.current === highlight.nonce) return
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(highlight.id)}"]`)
    if (!element) return
    shownHighlight.current = highlight.nonce
    element.scrollIntoView({ block: 'center' })
    element.focus({ preventScroll: true })
    if (scrollRef.current) snapshot.current = { ...snapshot.current, ...measure(scrollRef.current) }
  }, [highlight, messages])

  // Not enough messages to scroll: load older ones until there are (or none are left).
  useEffect(() => {
    const element = scrollRef.current
    if (!element || status !== 'ready' || !hasOlder || loadingOlder) return
    if (element.scrollHeight <= element.clientHeight + loadOlderPx / 2) onLoadOlder()
  }, [hasOlder, loadingOlder, messages, onLoadOlder, status])

  const onScroll = () => {
    const element = scrollRef.current
    if (!element) return
    snapshot.current = { ...snapshot.current, ...measure(element) }
    if (element.scrollHeight - element.scrollTop - element.clientHeight < stickyBottomPx) setUnseen(0)
    if (element.scrollTop < loadOlderPx && hasOlder && !loadingOlder && status === 'ready') onLoadOlder()
  }

  const rows: React.ReactNode[] = []
  let previous: Message | undefined
  for (const message of messages) {
    const day = dayKey(message.sentAt)
    const newDay = !previous || dayKey(previous.sentAt) !== day
    if (newDay) {
      rows.push(
        <li className={`${baseClass}__day`} key={`day-${day}-${String(message.id)}`}>
          <span>{dayLabel(message.sentAt)}</span>
        </li>,
      )
    }
    const replyKey = message.replyToExternalId == null ? '' : String(message.replyToExternalId)
    rows.push(
      <MessageItem
        highlighted={highlight?.id === String(message.id)}
        key={String(message.id)}
        attachmentHref={attachmentHref(attachmentsUrl, message.attachment)}
        message={message}
        onJumpTo={(target) => onJumpTo(target.id)}
        origin={origin}
        replyTarget={replyKey ? byExternalId.get(replyKey) : undefined}
        showSender={newDay || !previous || !sameSender(previous, message) || message.kind === 'service' || previous.kind === 'service'}
        error={message.deliveryError ?? undefined}
        onRetry={message.deliveryStatus === 'failed' ? () => onResend(message.id) : undefined}
        status={message.deliveryStatus ?? (sentIds.has(String(message.id)) ? 'sent' : undefined)}
      />,
    )
    previous = message
  }
  for (const reply of pending) {
    rows.push(
      <MessageItem
        error={reply.error}
        key={reply.clientMessageId}
        message={{
          id: reply.clientMessageId,
          text: reply.text,
          sentAt: reply.sentAt,
          direction: 'out',
          kind: reply.note ? 'note' : reply.file ? 'media' : 'text',
          senderName,
          ...(reply.file ? { mediaFileName: reply.file.name, mediaMimeType: reply.file.type, mediaSize: reply.file.size, mediaType: 'document' } : {}),
        }}
        onDiscard={() => onDiscard(reply.clientMessageId)}
        onRetry={() => onRetry(reply.clientMessageId)}
        origin={origin}
        showSender={!previous || previous.direction !== 'out' || (previous.senderName ?? '') !== senderName}
        status={reply.status}
      />,
    )
  }

  return (
    <div className={baseClass}>
      <div className={`${baseClass}__scroll`} onScroll={onScroll} ref={scrollRef}>
        <div className={`${baseClass}__older`}>
          {status === 'loading' ? (
            <span>Loading messages…</span>
          ) : status === 'error' ? (
            <span role="alert">{error}</span>
          ) : loadingOlder ? (
            <span>Loading earlier messages…</span>
          ) : hasOlder ? (
            <button onClick={onLoadOlder} type="button">
              Load earlier messages
            </button>
          ) : messages.length > 0 ? (
            <span>Start of the conversation</span>
          ) : (
            <span>No messages yet</span>
          )}
        </div>
        {status === 'ready' && error ? (
          <p className={`${baseClass}__error`} role="alert">
            {error}
          </p>
        ) : null}
        <ol aria-label="Messages" className={`${baseClass}__list`}>
          {rows}
        </ol>
      </div>
      {unseen > 0 ? (
        <button
          className={`${baseClass}__unseen`}
          onClick={() => {
            const element = scrollRef.current
            if (element) element.scrollTop = element.scrollHeight
            setUnseen(0)
          }}
          type="button"
        >
          {unseen === 1 ? '1 new message' : `${unseen} new messages`} ↓
        </button>
      ) : null}
      <p aria-live="polite" className="sb-inbox-visually-hidden">
        {announcement}
      </p>
    </div>
  )
}
