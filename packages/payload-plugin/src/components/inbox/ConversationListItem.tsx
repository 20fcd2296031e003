'use client'

import React from 'react'

import type { Conversation, ID, Label } from './types'

import { formatDate } from '../shared/formatDate'
import { conversationTitle, labelsOf, personName, shortWhen, sourceLabels, typeLabels } from './format'
import { Icon } from './Icon'
import { LabelChip } from './LabelChip'
import { statusTabLabels } from './StatusTabs'
import './ConversationListItem.scss'

const baseClass = 'sb-inbox-item'

export interface ConversationListItemProps {
  conversation: Conversation
  knownLabels: Label[]
  href: string
  selected: boolean
  active: boolean
  onOpen: (id: ID) => void
  onActivate: (id: ID) => void
}

/** One row of the conversation list: a link to the conversation's thread. */
export const ConversationListItem: React.FC<ConversationListItemProps> = ({ conversation, knownLabels, href, selected, active, onOpen, onActivate }) => {
  const unread = Math.max(0, Number(conversation.unreadCount ?? 0))
  const labels = labelsOf(conversation, knownLabels)
  const title = conversationTitle(conversation)
  const assignee = personName(conversation.assignee)
  const kind = [conversation.source ? sourceLabels[conversation.source] : undefined, conversation.type && conversation.type !== conversation.source ? typeLabels[conversation.type] : undefined]
    .filter(Boolean)
    .join(' · ')

  return (
    <li
      className={[baseClass, selected && `${baseClass}--selected`, active && `${baseClass}--active`, unread > 0 && `${baseClass}--unread`]
        .filter(Boolean)
        .join(' ')}
      data-conversation-id={String(conversation.id)}
    >
      <a
        aria-current={selected ? 'page' : undefined}
        className={`${baseClass}__link`}
        href={href}
        onClick={(event) => {
          // New tab / window: let the browser open the shareable URL.
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
          event.preventDefault()
          onOpen(conversation.id)
        }}
        onFocus={() => onActivate(conversation.id)}
      >
        <span className={`${baseClass}__top`}>
          <span className={`${baseClass}__title`}>{title}</span>
          {conversation.isPinned ? (
            <span className={`${baseClass}__flag`} title="Pinned">
              <Icon name="pin" />
              <span className="sb-inbox-visually-hidden">Pinned</span>
            </span>
          ) : null}
          {conversation.isMuted ? (
            <span className={`${baseClass}__flag`} title="Muted">
              <Icon name="mute" />
              <span className="sb-inbox-visually-hidden">Muted</span>
            </span>
          ) : null}
          {conversation.isArchived ? (
            <span className={`${baseClass}__flag`} title="Archived">
              <Icon name="archive" />
              <span className="sb-inbox-visually-hidden">Archived</span>
            </span>
          ) : null}
          {conversation.lastMessageAt ? (
            <time className={`${baseClass}__time`} dateTime={conversation.lastMessageAt} title={formatDate(conversation.lastMessageAt)}>
              {shortWhen(conversation.lastMessageAt)}
            </time>
          ) : null}
        </span>
        <span className={`${baseClass}__middle`}>
          <span className={`${baseClass}__preview`}>{conversation.lastMessagePreview || 'No messages yet'}</span>
          {unread > 0 ? (
            <span className={`${baseClass}__unread`} data-unread={unread}>
              {unread > 99 ? '99+' : unread}
              <span className="sb-inbox-visually-hidden"> unread</span>
            </span>
          ) : null}
        </span>
        <span className={`${baseClass}__meta`}>
          {kind ? <span className={`${baseClass}__kind`}>{kind}</span> : null}
          {conversation.status && conversation.status !== 'open' ? (
            <span className={`${baseClass}__status`} data-status={conversation.status}>
              {statusTabLabels[conversation.status]}
            </span>
          ) : null}
          {assignee ? <span className={`${baseClass}__assignee`}>→ {assignee}</span> : null}
          {labels.map((label) => (
            <LabelChip key={String(label.id)} label={label} />
          ))}
        </span>
      </a>
    </li>
  )
}
