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

const assigneeTabs: Array<[InboxFilters['assignee'], string]> = [
  ['me', 'Mine'],
  ['unassigned', 'Unassigned'],
  ['', 'All'],
]

export interface StatusTabsProps {
  value: InboxFilters['conversationStatus']
  assignee: InboxFilters['assignee']
  counts?: StatusCounts
  onChange: (value: InboxFilters['conversationStatus']) => void
  onAssigneeChange: (value: InboxFilters['assignee']) => void
}

/** The list's tabs: whose conversations (mine, unassigned, all), then each status with its count. */
export const StatusTabs: React.FC<StatusTabsProps> = ({ value, assignee, counts, onChange, onAssigneeChange }) => (
  <>
    <div aria-label="Assigned to" className={baseClass} role="group">
      {assigneeTabs.map(([who, label]) => (
        <button
          aria-pressed={assignee === who}
          className={`${baseClass}__tab`}
          data-assignee={who || 'all'}
          key={who || 'all'}
          onClick={() => onAssigneeChange(who)}
          type="button"
        >
          {label}
        </button>
      ))}
    </div>
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
  </>
)
