'use client'

import { Button } from '@payloadcms/ui'
import React, { useEffect, useId, useRef, useState } from 'react'

import type { ConversationSource, ConversationType, InboxFilters, Label } from './types'

import { labelColor, sourceLabels, typeLabels } from './format'
import { defaultFilters } from './types'
import './ConversationFilters.scss'

const baseClass = 'sb-inbox-filters'
const titleDelayMs = 300

export interface ConversationFiltersProps {
  filters: InboxFilters
  labels: Label[]
  onChange: (filters: InboxFilters) => void
}

const isDefault = (filters: InboxFilters) => JSON.stringify(filters) === JSON.stringify(defaultFilters)

/** The list's filters: status, source, type, flags, assignment, labels and a title search. */
export const ConversationFilters: React.FC<ConversationFiltersProps> = ({ filters, labels, onChange }) => {
  const ids = { title: useId(), status: useId(), source: useId(), type: useId(), provider: useId(), labels: useId() }
  const [title, setTitle] = useState(filters.title)
  const latest = useRef(filters)
  latest.current = filters
  /** The title this control last applied; a different one came from outside (Clear filters). */
  const applied = useRef(filters.title)

  const applyTitle = (value: string) => {
    applied.current = value
    onChange({ ...latest.current, title: value })
  }

  // The title filter follows typing after a short pause; other filters apply at once.
  useEffect(() => {
    if (title === latest.current.title) return
    const timer = setTimeout(() => {
      applied.current = title
      onChange({ ...latest.current, title })
    }, titleDelayMs)
    return () => clearTimeout(timer)
  }, [onChange, title])
  useEffect(() => {
    if (filters.title !== applied.current) {
      applied.current = filters.title
      setTitle(filters.title)
    }
  }, [filters.title])

  const set = <K extends keyof InboxFilters>(name: K, value: InboxFilters[K]) => onChange({ ...filters, [name]: value })
  const toggleLabel = (id: string) =>
    set('labels', filters.labels.includes(id) ? filters.labels.filter((label) => label !== id) : [...filters.labels, id])

  return (
    <div aria-label="Filter conversations" className={baseClass} role="group">
      <div className={`${baseClass}__title`}>
        <label className="sb-inbox-visually-hidden" htmlFor={ids.title}>
          Filter by title
        </label>
        <input
          autoComplete="off"
          id={ids.title}
          onChange={(event) => setTitle(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && title) {
              event.preventDefault()
              setTitle('')
              applyTitle('')
            }
            if (event.key === 'Enter') {
              event.preventDefault()
              applyTitle(title)
            }
          }}
          placeholder="Filter by title"
          type="search"
          value={title}
        />
      </div>
      <div className={`${baseClass}__row`}>
        <label className="sb-inbox-visually-hidden" htmlFor={ids.status}>
          Status
        </label>
        <select id={ids.status} onChange={(event) => set('status', event.target.value as InboxFilters['status'])} value={filters.status}>
          <option value="active">Inbox (not archived)</option>
          <option value="archived">Archived</option>
          <option value="all">All conversations</option>
        </select>
        <label className="sb-inbox-visually-hidden" htmlFor={ids.source}>
          Source
        </label>
        <select id={ids.source} onChange={(event) => set('source', event.target.value as '' | ConversationSource)} value={filters.source}>
          <option value="">All sources</option>
          {Object.entries(sourceLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label className="sb-inbox-visually-hidden" htmlFor={ids.type}>
          Type
        </label>
        <select id={ids.type} onChange={(event) => set('type', event.target.value as '' | ConversationType)} value={filters.type}>
          <option value="">All types</option>
          {Object.entries(typeLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label className="sb-inbox-visually-hidden" htmlFor={ids.provider}>
          Assigned provider
        </label>
        <select id={ids.provider} onChange={(event) => set('provider', event.target.value as InboxFilters['provider'])} value={filters.provider}>
          <option value="">Any provider</option>
          <option value="me">My chats</option>
        </select>
      </div>
      <div className={`${baseClass}__row`}>
        {(
          [
            ['unread', 'Unread'],
            ['pinned', 'Pinned'],
            ['muted', 'Muted'],
          ] as const
        ).map(([name, label]) => (
          <label className={`${baseClass}__flag`} key={name}>
            <input checked={filters[name]} onChange={(event) => set(name, event.target.checked)} type="checkbox" />
            {label}
          </label>
        ))}
      </div>
      {labels.length > 0 ? (
        <div aria-labelledby={ids.labels} className={`${baseClass}__labels`} role="group">
          <span className={`${baseClass}__labels-title`} id={ids.labels}>
            Labels
          </span>
          {labels.map((label) => {
            const on = filters.labels.includes(String(label.id))
            return (
              <button
                aria-pressed={on}
                className={`${baseClass}__label`}
                data-label-name={label.name}
                key={String(label.id)}
                onClick={() => toggleLabel(String(label.id))}
                style={{ '--sb-label-color': labelColor(label) } as React.CSSProperties}
                type="button"
              >
                <span aria-hidden="true" className={`${baseClass}__label-dot`} />
                {label.name}
              </button>
            )
          })}
        </div>
      ) : null}
      {isDefault(filters) ? null : (
        <Button buttonStyle="none" className={`${baseClass}__clear`} margin={false} onClick={() => onChange(defaultFilters)} size="small">
          Clear filters
        </Button>
      )}
    </div>
  )
}
