'use client'

import React from 'react'

import type { Conversation, CurrentUser, ID, Label, PersonDoc } from './types'

import { conversationTitle, labelIdsOf, labelsOf, participantNames, personName, sourceLabels, typeLabels } from './format'
import { Icon } from './Icon'
import { LabelChip } from './LabelChip'
import { LabelPicker } from './LabelPicker'
import { AssigneePicker } from './AssigneePicker'
import { StatusControl } from './StatusControl'
import './ThreadHeader.scss'

const baseClass = 'sb-thread-header'

export type ConversationChange = Partial<Pick<Conversation, 'isArchived' | 'isMuted' | 'isPinned' | 'snoozedUntil' | 'status' | 'unreadCount'>> & {
  assignee?: ID | null
}

export interface ThreadHeaderProps {
  conversation: Conversation
  knownLabels: Label[]
  onChange: (change: ConversationChange) => void
  onLabels: (ids: string[]) => void
  onBack: () => void
  onToggleSearch: () => void
  searchOpen: boolean
  /** The conversation's document in the collection view. */
  documentHref: string
  labelsHref: string
  /** Who the conversation can be assigned to. */
  staff: PersonDoc[]
  currentUser: CurrentUser
}

/** Title, who is in the conversation, its labels, and the actions on it. */
export const ThreadHeader: React.FC<ThreadHeaderProps> = ({
  conversation,
  knownLabels,
  onChange,
  onLabels,
  onBack,
  onToggleSearch,
  searchOpen,
  documentHref,
  labelsHref,
  staff,
  currentUser,
}) => {
  const labels = labelsOf(conversation, knownLabels)
  const unread = Math.max(0, Number(conversation.unreadCount ?? 0))
  const people = participantNames(conversation.participants)
  const customer = personName(conversation.customer)
  const provider = personName(conversation.provider)
  const facts = [
    conversation.source ? sourceLabels[conversation.source] : undefined,
    conversation.type && conversation.type !== conversation.source ? typeLabels[conversation.type] : undefined,
    people.length > 0 ? people.slice(0, 4).join(', ') + (people.length > 4 ? ` and ${people.length - 4} more` : '') : undefined,
  ].filter(Boolean)

  const toggle = (name: 'isArchived' | 'isMuted' | 'isPinned', on: string, off: string, icon: 'archive' | 'mute' | 'pin') => {
    const value = Boolean(conversation[name])
    return (
      <button className={`${baseClass}__action`} data-on={value} onClick={() => onChange({ [name]: !value })} type="button">
        <Icon name={icon} />
        <span>{value ? off : on}</span>
      </button>
    )
  }

  return (
    <header className={baseClass}>
      <div className={`${baseClass}__top`}>
        <button className={`${baseClass}__back`} onClick={onBack} type="button">
          <Icon name="back" />
          <span>Conversations</span>
        </button>
        <div className={`${baseClass}__heading`}>
          <h2 className={`${baseClass}__title`}>
            <a href={documentHref} title="Open the conversation's record">
              {conversationTitle(conversation)}
            </a>
          </h2>
          <p className={`${baseClass}__facts`}>
            {facts.join(' · ')}
            {customer ? <> · Customer: {customer}</> : null}
            {provider ? <> · Provider: {provider}</> : null}
          </p>
        </div>
      </div>
      <div className={`${baseClass}__bar`}>
        <div className={`${baseClass}__labels`}>
          {labels.map((label) => (
            <LabelChip key={String(label.id)} label={label} size="medium" />
          ))}
        </div>
        <div aria-label="Conversation actions" className={`${baseClass}__actions`} role="toolbar">
          <StatusControl conversation={conversation} onChange={onChange} />
          <AssigneePicker conversation={conversation} currentUser={currentUser} onChange={(assignee) => onChange({ assignee })} staff={staff} />
          <button aria-expanded={searchOpen} className={`${baseClass}__action`} data-on={searchOpen} onClick={onToggleSearch} type="button">
            <Icon name="search" />
            <span>Search</span>
          </button>
          <button className={`${baseClass}__action`} disabled={unread === 0} onClick={() => onChange({ unreadCount: 0 })} type="button">
            <Icon name="read" />
            <span>{unread > 0 ? `Mark read (${unread})` : 'Mark read'}</span>
          </button>
          {toggle('isPinned', 'Pin', 'Unpin', 'pin')}
          {toggle('isMuted', 'Mute', 'Unmute', 'mute')}
          {toggle('isArchived', 'Archive', 'Unarchive', 'archive')}
          <LabelPicker labels={knownLabels} manageHref={labelsHref} onChange={onLabels} selected={labelIdsOf(conversation)} />
        </div>
      </div>
    </header>
  )
}
