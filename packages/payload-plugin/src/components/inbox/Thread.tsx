'use client'

import React, { useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react'

import type { InboxApi } from './api'
import type { ConversationChange } from './ThreadHeader'
import type { CannedReply, Conversation, CurrentUser, ID, Label, LiveEvent, Message, PendingReply, PersonDoc } from './types'

import { messageOf } from '../shared/request'
import { type AttachmentLimits, Composer } from './Composer'
import { newClientMessageId } from './format'
import { MessageSearch } from './MessageSearch'
import { ThreadHeader } from './ThreadHeader'
import { ThreadMessages } from './ThreadMessages'
import { useThreadMessages } from './useThreadMessages'
import './Thread.scss'

const baseClass = 'sb-thread'

/** Why a Telegram chat cannot be answered now: its account is not connected (replies go through it). */
export const telegramReplyNote = (conversation: Conversation | undefined): string | undefined => {
  const account = conversation?.source === 'telegram' ? conversation.account : undefined
  if (!account || typeof account !== 'object' || !account.status || account.status === 'connected') return undefined
  return account.status === 'needs-login'
    ? `The Telegram account "${account.name ?? account.id}" needs a new login before replies can be sent: Telegram → Connect account.`
    : `The Telegram account "${account.name ?? account.id}" is disabled: replies cannot be sent.`
}

export interface LiveListener {
  onEvent: (event: LiveEvent) => void
  onResume: () => void
}

/** What the inbox can ask of the open thread. */
export interface ThreadHandle {
  /** Closes the thread's own search; false when there was nothing to close. */
  escape: () => boolean
  focusComposer: () => void
}

export interface ThreadProps {
  api: InboxApi
  conversationId: string
  /** Undefined while the conversation itself is loading. */
  conversation?: Conversation
  knownLabels: Label[]
  /** Staff and admins, for the assignee picker. */
  staff: PersonDoc[]
  /** Offered in the composer after `/`. */
  cannedReplies: CannedReply[]
  currentUser: CurrentUser
  /** The customer is typing (a `typing` event in the last few seconds). */
  customerTyping?: boolean
  maxMessageLength: number
  /** What a reply may attach (the plugin's `attachments` options). */
  attachmentLimits?: AttachmentLimits
  /** A message to scroll to (from the URL or a search result); `nonce` repeats a jump. */
  focusMessage?: { id: string; nonce: number }
  subscribe: (listener: LiveListener) => () => void
  onChange: (change: ConversationChange) => void
  onLabels: (ids: string[]) => void
  onBack: () => void
  /** Opens a message of this conversation by URL (in-conversation search results). */
  onOpenMessage: (messageId: ID) => void
  /** A reply was stored: the list shows it as the latest activity. */
  onReplied: (message: Message) => void
  draft: string
  onDraftChange: (text: string) => void
  documentHref: string
  labelsHref: string
  handleRef?: React.Ref<ThreadHandle>
}

/** The open conversation: header with actions, its messages, search within it, and the reply box. */
export const Thread: React.FC<ThreadProps> = ({
  api,
  conversationId,
  conversation,
  knownLabels,
  staff,
  cannedReplies,
  currentUser,
  customerTyping = false,
  maxMessageLength,
  attachmentLimits,
  focusMessage,
  subscribe,
  onChange,
  onLabels,
  onBack,
  onOpenMessage,
  onReplied,
  draft,
  onDraftChange,
  documentHref,
  labelsHref,
  handleRef,
}) => {
  const thread = useThreadMessages(api, conversationId)
  const [pending, setPending] = useState<PendingReply[]>([])
  const [sentIds, setSentIds] = useState<Set<string>>(() => new Set())
  const [highlight, setHighlight] = useState<{ id: string; nonce: number } | undefined>()
  const [jumpError, setJumpError] = useState<string | undefined>()
  const [searchOpen, setSearchOpen] = useState(false)
  const [stickNonce, setStickNonce] = useState(0)
  const [text, setText] = useState(draft)
  const composerRef = useRef<HTMLTextAreaElement>(null)
  const pendingRef = useRef(pending)
  pendingRef.current = pending
  const handledFocus = useRef<number | undefined>(undefined)
  const jumpNonce = useRef(1_000_000)
  /** When the customer was last told a reply is being typed: at most every 3 s (the server allows one per 2 s). */
  const typedAt = useRef(0)

  useImperativeHandle(
    handleRef,
    () => ({
      escape: () => {
        if (!searchOpen) return false
        setSearchOpen(false)
        return true
      },
      focusComposer: () => composerRef.current?.focus(),
    }),
    [searchOpen],
  )

  const markSent = useCallback((message: Message, clientMessageId: string) => {
    setSentIds((current) => new Set(current).add(String(message.id)))
    setPending((current) => current.filter((reply) => reply.clientMessageId !== clientMessageId))
  }, [])

  // Live events for this conversation; a reply's own event retires its pending copy.
  const { applyLiveEvent, catchUp, upsert, loadUntil, status } = thread
  useEffect(
    () =>
      subscribe({
        onEvent: (event) => {
          if (String(event.data.conversationId) !== conversationId) return
          applyLiveEvent(event)
          const clientMessageId = event.data.clientMessageId
          if (clientMessageId && pendingRef.current.some((reply) => reply.clientMessageId === clientMessageId)) {
            markSent({ id: event.data.id } as Message, clientMessageId)
          }
        },
        onResume: () => void catchUp(),
      }),
    [applyLiveEvent, catchUp, conversationId, markSent, subscribe],
  )

  const jumpTo = useCallback(
    async (messageId: ID, nonce: number) => {
      setJumpError(undefined)
      const { found, error } = await loadUntil(messageId)
      if (found) setHighlight({ id: String(messageId), nonce })
      else if (error) setJumpError(error)
    },
    [loadUntil],
  )

  // A message named by the URL or a search result: load history until it is there, then show it.
  useEffect(() => {
    if (!focusMessage || status !== 'ready' || handledFocus.current === focusMessage.nonce) return
    handledFocus.current = focusMessage.nonce
    void jumpTo(focusMessage.id, focusMessage.nonce)
  }, [focusMessage, jumpTo, status])

  const deliver = useCallback(
    async (reply: PendingReply) => {
      try {
        let attachment = reply.attachment
        if (reply.file && attachment === undefined) {
          attachment = await api.uploadAttachment(conversationId, reply.file)
          // Kept with the reply: a retry sends the stored file instead of uploading it again.
          setPending((current) => current.map((item) => (item.clientMessageId === reply.clientMessageId ? { ...item, attachment } : item)))
        }
        const message = await api.sendReply(conversationId, reply.text, currentUser.name, reply.clientMessageId, reply.note ? 'note' : 'text', attachment)
        upsert([message])
        markSent(message, reply.clientMessageId)
        // A note is not the conversation's activity (the server leaves it out too).
        if (!reply.note) onReplied(message)
      } catch (failure) {
        setPending((current) =>
          current.map((item) => (item.clientMessageId === reply.clientMessageId ? { ...item, status: 'failed', error: messageOf(failure) } : item)),
        )
      }
    },
    [api, conversationId, currentUser.name, markSent, onReplied, upsert],
  )

  const [noteMode, setNoteMode] = useState(false)
  const send = (value: string, file?: File) => {
    const reply: PendingReply = {
      clientMessageId: newClientMessageId(),
      text: value,
      ...(file ? { file } : {}),
      sentAt: new Date().toISOString(),
      status: 'pending',
      ...(noteMode ? { note: true } : {}),
    }
    setPending((current) => [...current, reply])
    setStickNonce((value) => value + 1)
    void deliver(reply)
  }

  const retry = (clientMessageId: string) => {
    const reply = pendingRef.current.find((item) => item.clientMessageId === clientMessageId)
    if (!reply) return
    const again: PendingReply = { ...reply, status: 'pending', error: undefined }
    setPending((current) => current.map((item) => (item.clientMessageId === clientMessageId ? again : item)))
    void deliver(again)
  }

  const replyBlocked = telegramReplyNote(conversation)

  return (
    <section aria-label={conversation?.title ? `Conversation: ${conversation.title}` : 'Conversation'} className={baseClass}>
      {conversation ? (
        <ThreadHeader
          conversation={conversation}
          currentUser={currentUser}
          documentHref={documentHref}
          knownLabels={knownLabels}
          labelsHref={labelsHref}
          onBack={onBack}
          onChange={onChange}
          onLabels={onLabels}
          onToggleSearch={() => setSearchOpen((open) => !open)}
          searchOpen={searchOpen}
          staff={staff}
        />
      ) : (
        <div className={`${baseClass}__header-placeholder`}>Loading conversation…</div>
      )}
      {searchOpen ? (
        <div className={`${baseClass}__search`}>
          <MessageSearch
            api={api}
            autoFocus
            conversationId={conversationId}
            label="Search this conversation"
            onClose={() => setSearchOpen(false)}
            onOpenResult={(result) => onOpenMessage(result.messageId)}
            placeholder="Search this conversation"
          />
        </div>
      ) : null}
      {jumpError ? (
        <p className={`${baseClass}__notice`} role="alert">
          {jumpError}
        </p>
      ) : null}
      <ThreadMessages
        error={thread.error}
        hasOlder={thread.hasOlder}
        highlight={highlight}
        loadingOlder={thread.loadingOlder}
        messages={thread.messages}
        onDiscard={(clientMessageId) => setPending((current) => current.filter((reply) => reply.clientMessageId !== clientMessageId))}
        onJumpTo={(id) => {
          jumpNonce.current += 1
          void jumpTo(id, jumpNonce.current)
        }}
        onLoadOlder={() => void thread.loadOlder()}
        onResend={(id) => {
          // The status follows over the live stream (pending, then sent or failed again).
          upsert([{ id, deliveryStatus: 'pending', deliveryError: null }])
          void api.resendReply(id).catch((error: unknown) => upsert([{ id, deliveryStatus: 'failed', deliveryError: messageOf(error) }]))
        }}
        onRetry={retry}
        attachmentsUrl={api.attachmentsUrl}
        origin={typeof window === 'undefined' ? 'http://localhost' : window.location.origin}
        pending={pending}
        replyTargets={thread.replyTargets}
        senderName={currentUser.name}
        sentIds={sentIds}
        status={thread.status}
        stickNonce={stickNonce}
      />
      <p aria-live="polite" className="sb-thread__typing">
        {customerTyping ? 'The customer is typing…' : ''}
      </p>
      <Composer
        cannedReplies={cannedReplies}
        // Notes are never sent, so they can be written where replies cannot.
        disabledReason={noteMode ? undefined : replyBlocked}
        mode={noteMode ? 'note' : 'reply'}
        onModeChange={(mode) => setNoteMode(mode === 'note')}
        maxLength={maxMessageLength}
        onChange={(value) => {
          setText(value)
          onDraftChange(value)
          // Replies only: a note is the team's, the customer never hears of it.
          if (!noteMode && !replyBlocked && value.trim() && Date.now() - typedAt.current > 3_000) {
            typedAt.current = Date.now()
            void api.announceTyping(conversationId).catch(() => undefined)
          }
        }}
        onSend={send}
        attachments={attachmentLimits}
        textareaRef={composerRef}
        value={text}
      />
    </section>
  )
}
