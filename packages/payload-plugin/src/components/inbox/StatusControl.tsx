'use client'

import React, { useId } from 'react'

import type { ConversationChange } from './ThreadHeader'
import type { Conversation } from './types'

import { formatDate } from '../shared/formatDate'
import { Icon } from './Icon'
import { statusTabLabels } from './StatusTabs'

const baseClass = 'sb-thread-header'
const hourMs = 60 * 60 * 1000

/** Snooze choices, each a time from now. */
const snoozeChoices: Array<[string, () => Date]> = [
  ['1 hour', () => new Date(Date.now() + hourMs)],
  ['4 hours', () => new Date(Date.now() + 4 * hourMs)],
  [
    'Tomorrow, 9:00',
    () => {
      const at = new Date()
      at.setDate(at.getDate() + 1)
      at.setHours(9, 0, 0, 0)
      return at
    },
  ],
  ['In a week', () => new Date(Date.now() + 7 * 24 * hourMs)],
]

export interface StatusControlProps {
  conversation: Conversation
  onChange: (change: ConversationChange) => void
}

/** The conversation's status and the actions that change it: resolve (or reopen), pending, snooze. */
export const StatusControl: React.FC<StatusControlProps> = ({ conversation, onChange }) => {
  const snoozeId = useId()
  const status = conversation.status ?? 'open'
  return (
    <>
      <span className={`${baseClass}__status`} data-status={status}>
        {statusTabLabels[status]}
        {status === 'snoozed' && conversation.snoozedUntil ? ` until ${formatDate(conversation.snoozedUntil)}` : ''}
      </span>
      {status === 'resolved' ? (
        <button className={`${baseClass}__action`} onClick={() => onChange({ status: 'open' })} type="button">
          <Icon name="back" />
          <span>Reopen</span>
        </button>
      ) : (
        <button
          className={`${baseClass}__action`}
          onClick={() => onChange({ status: 'resolved' })}
          title="Resolve (e)"
          type="button"
        >
          <Icon name="check" />
          <span>Resolve</span>
        </button>
      )}
      {status === 'pending' ? null : (
        <button className={`${baseClass}__action`} onClick={() => onChange({ status: 'pending' })} title="Waiting on the customer" type="button">
          <span>Pending</span>
        </button>
      )}
      <label className="sb-inbox-visually-hidden" htmlFor={snoozeId}>
        Snooze
      </label>
      <select
        className={`${baseClass}__snooze`}
        id={snoozeId}
        onChange={(event) => {
          const choice = snoozeChoices.find(([label]) => label === event.target.value)
          if (choice) onChange({ status: 'snoozed', snoozedUntil: choice[1]().toISOString() })
          event.target.value = ''
        }}
        value=""
      >
        <option value="">Snooze…</option>
        {snoozeChoices.map(([label]) => (
          <option key={label} value={label}>
            {label}
          </option>
        ))}
      </select>
    </>
  )
}
