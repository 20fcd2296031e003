'use client'

import { Button } from '@payloadcms/ui'
import React from 'react'

import type { Conversation, ID, Label } from './types'

import { ConversationListItem } from './ConversationListItem'
import './ConversationList.scss'

const baseClass = 'sb-inbox-list'

export interface ConversationListProps {
  conversations: Conversation[]
  totalDocs: number
  hasMore: boolean
  loading: boolean
  loadingMore: boolean
  error?: string
  knownLabels: Label[]
  selectedId?: string
  activeId?: string
  hrefFor: (id: ID) => string
  onOpen: (id: ID) => void
  onActivate: (id: ID) => void
  onLoadMore: () => void
  onRetry: () => void
  listRef?: React.Ref<HTMLUListElement>
}

/** The conversations matching the filters, newest activity first, with "Load more". */
export const ConversationList: React.FC<ConversationListProps> = ({
  conversations,
  totalDocs,
  hasMore,
  loading,
  loadingMore,
  error,
  knownLabels,
  selectedId,
  activeId,
  hrefFor,
  onOpen,
  onActivate,
  onLoadMore,
  onRetry,
  listRef,
}) => (
  <div aria-busy={loading} className={baseClass}>
    {error ? (
      <div className={`${baseClass}__error`} role="alert">
        <p>{error}</p>
        <Button buttonStyle="secondary" margin={false} onClick={onRetry} size="small">
          Try again
        </Button>
      </div>
    ) : null}
    {loading && conversations.length === 0 ? <p className={`${baseClass}__note`}>Loading conversations…</p> : null}
    {!loading && !error && conversations.length === 0 ? <p className={`${baseClass}__note`}>No conversations match these filters.</p> : null}
    {conversations.length > 0 ? (
      <ul aria-label="Conversations" className={`${baseClass}__items`} ref={listRef}>
        {conversations.map((conversation) => (
          <ConversationListItem
            active={String(conversation.id) === activeId}
            conversation={conversation}
            href={hrefFor(conversation.id)}
            key={String(conversation.id)}
            knownLabels={knownLabels}
            onActivate={onActivate}
            onOpen={onOpen}
            selected={String(conversation.id) === selectedId}
          />
        ))}
      </ul>
    ) : null}
    {conversations.length > 0 ? (
      <div className={`${baseClass}__footer`}>
        <span aria-live="polite" className={`${baseClass}__count`}>
          {conversations.length} of {totalDocs} conversation{totalDocs === 1 ? '' : 's'}
        </span>
        {hasMore ? (
          <Button buttonStyle="secondary" disabled={loadingMore} margin={false} onClick={onLoadMore} size="small">
            {loadingMore ? 'Loading…' : 'Load more'}
          </Button>
        ) : null}
      </div>
    ) : null}
  </div>
)
