'use client'

import React from 'react'

import type { ConversationStatus, InboxFilters, StatusCounts } from './types'

import './StatusTabs.scss'

const baseClass = 'sb-inbox-status-tabs'

export const statusTabLabels: Record<ConversationStatus, string> = {
  open: 'Open',
  pending: 'Pending',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
}

const tabs: Array<['' | ConversationStatus, string]> = [...(Object.entries(statusTabLabels) as Array<[ConversationStatus, string]>), ['', 'All']]

export interface StatusTabsProps {
  value: InboxFilters['conversationStatus']
  counts?: StatusCounts
  onChange: (value: InboxFilters['conversationStatus']) => void
}

/** The list's status tabs, each with how many conversations it holds. */
export const StatusTabs: React.FC<StatusTabsProps> = ({ value, counts, onChange }) => (
  <div aria-label="Conversation tabs" className={baseClass} role="group">
    {tabs.map(([status, label]) => {
      const count = counts ? counts[status || 'all'] : undefined
      return (
        <button
          aria-pressed={value === status}
          className={`${baseClass}__tab`}
          data-status={status || 'all'}
          key={status || 'all'}
          onClick={() => onChange(status)}
          type="button"
        >
          {label}
          {count === undefined ? null : <span className={`${baseClass}__count`}>{count}</span>}
        </button>
      )
    })}
  </div>
)
