'use client'

import { Button } from '@payloadcms/ui'
import React, { useCallback, useEffect, useId, useRef, useState } from 'react'

import type { InboxApi } from './api'
import type { ID, SearchResult } from './types'

import { formatDate } from '../shared/formatDate'
import { isAbort, messageOf, RequestError } from '../shared/request'
import { conversationTitle, shortWhen } from './format'
import { Icon } from './Icon'
import { Snippet } from './Snippet'
import './MessageSearch.scss'

const baseClass = 'sb-inbox-search'
const typingDelayMs = 350

export interface MessageSearchProps {
  api: InboxApi
  /** Searches only this conversation (the thread's search). */
  conversationId?: ID
  /** Only conversations with one of these labels. */
  labels?: string[]
  /** Accessible name of the search box. */
  label: string
  placeholder: string
  autoFocus?: boolean
  /** Shows each result's conversation (the global search). */
  showConversation?: boolean
  onOpenResult: (result: SearchResult) => void
  /** A query is typed: results take the place of what the search sits above. */
  onActiveChange?: (active: boolean) => void
  /** Esc in an empty box. */
  onClose?: () => void
  inputRef?: React.RefObject<HTMLInputElement | null>
  children?: React.ReactNode
}

const searchError = (failure: unknown): string => {
  if (failure instanceof RequestError && failure.status === 404) return 'Message search is not available on this server yet.'
  return messageOf(failure)
}

/**
 * Full-text search over messages (`GET /api/switchboard/search`), newest first, with the
 * matching words marked. Searches after a short pause in typing, or at once on Enter.
 */
export const MessageSearch: React.FC<MessageSearchProps> = ({
  api,
  conversationId,
  labels,
  label,
  placeholder,
  autoFocus,
  showConversation,
  onOpenResult,
  onActiveChange,
  onClose,
  inputRef,
  children,
}) => {
  const inputId = useId()
  const resultsId = useId()
  const ownInput = useRef<HTMLInputElement>(null)
  const input = inputRef ?? ownInput
  const rootRef = useRef<HTMLDivElement>(null)
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<SearchResult[] | undefined>()
  const [nextCursor, setNextCursor] = useState<null | string | undefined>()
  const [loading, setLoading] = useState(false)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const request = useRef<AbortController | undefined>(undefined)
  const searched = useRef('')
  const trimmed = query.trim()
  const labelsKey = (labels ?? []).join(',')

  useEffect(() => onActiveChange?.(trimmed.length > 0), [onActiveChange, trimmed.length])
  useEffect(() => () => request.current?.abort(), [])

  const run = useCallback(
    async (q: string, cursor?: null | string) => {
      request.current?.abort()
      const controller = new AbortController()
      request.current = controller
      if (cursor) setLoadingMore(true)
      else setLoading(true)
      setError(undefined)
      try {
        const answer = await api.search({ q, conversation: conversationId, labels: labelsKey ? labelsKey.split(',') : undefined, cursor }, controller.signal)
        if (controller.signal.aborted) return
        searched.current = q
        setResults((current) => (cursor ? [...(current ?? []), ...answer.results] : answer.results))
        setNextCursor(answer.nextCursor ?? undefined)
      } catch (failure) {
        if (isAbort(failure) || controller.signal.aborted) return
        setError(searchError(failure))
        if (!cursor) setResults(undefined)
      } finally {
        if (request.current === controller) {
          setLoading(false)
          setLoadingMore(false)
        }
      }
    },
    [api, conversationId, labelsKey],
  )

  // Search as the person types (two characters or more), after a pause.
  useEffect(() => {
    if (!trimmed) {
      request.current?.abort()
      searched.current = ''
      setResults(undefined)
      setError(undefined)
      setLoading(false)
      return
    }
    if (trimmed.length < 2) return
    const timer = setTimeout(() => void run(trimmed), typingDelayMs)
    return () => clearTimeout(timer)
  }, [run, trimmed])

  const clear = () => {
    setQuery('')
    input.current?.focus()
  }

  const moveFocus = (from: HTMLElement, step: number) => {
    const buttons = Array.from(rootRef.current?.querySelectorAll<HTMLButtonElement>(`.${baseClass}__result`) ?? [])
    const index = buttons.indexOf(from as HTMLButtonElement)
    const next = index === -1 ? (step > 0 ? buttons[0] : undefined) : buttons[index + step]
    if (next) next.focus()
    else if (step < 0) input.current?.focus()
  }

  return (
    <div
      className={baseClass}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault()
          if (query) clear()
          else onClose?.()
        }
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          if (!results?.length) return
          event.preventDefault()
          moveFocus(event.target as HTMLElement, event.key === 'ArrowDown' ? 1 : -1)
        }
      }}
      ref={rootRef}
      role="search"
    >
      <div className={`${baseClass}__box`}>
        <Icon className={`${baseClass}__icon`} name="search" />
        <label className="sb-inbox-visually-hidden" htmlFor={inputId}>
          {label}
        </label>
        <input
          aria-controls={results ? resultsId : undefined}
          autoComplete="off"
          autoFocus={autoFocus}
          id={inputId}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault()
              if (trimmed) void run(trimmed)
            }
          }}
          placeholder={placeholder}
          ref={input}
          type="search"
          value={query}
        />
      </div>
      {children}
      {trimmed ? (
        <div className={`${baseClass}__panel`}>
          <p aria-live="polite" className={`${baseClass}__status`}>
            {loading
              ? 'Searching…'
              : error
                ? ''
                : results
                  ? results.length === 0
                    ? `No messages match “${searched.current}”.`
                    : `${results.length}${nextCursor ? '+' : ''} message${results.length === 1 ? '' : 's'} found`
                  : trimmed.length < 2
                    ? 'Press Enter to search.'
                    : ''}
          </p>
          {error ? (
            <p className={`${baseClass}__error`} role="alert">
              {error}
            </p>
          ) : null}
          {results && results.length > 0 ? (
            <ul aria-label="Search results" className={`${baseClass}__results`} id={resultsId}>
              {results.map((result) => (
                <li key={`${String(result.conversationId)}-${String(result.messageId)}`}>
                  <button
                    className={`${baseClass}__result`}
                    data-message-id={String(result.messageId)}
                    onClick={() => onOpenResult(result)}
                    type="button"
                  >
                    <span className={`${baseClass}__result-head`}>
                      {showConversation ? (
                        <span className={`${baseClass}__result-title`}>
                          {conversationTitle({ id: result.conversationId, title: result.conversationTitle })}
                        </span>
                      ) : null}
                      <span className={`${baseClass}__result-sender`}>
                        {result.senderName || (result.direction === 'out' ? 'Staff' : 'Customer')}
                      </span>
                      <time className={`${baseClass}__result-time`} dateTime={result.sentAt} title={formatDate(result.sentAt)}>
                        {shortWhen(result.sentAt)}
                      </time>
                    </span>
                    <Snippet parts={result.snippet ?? []} />
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {nextCursor && results?.length ? (
            <Button
              buttonStyle="secondary"
              disabled={loadingMore}
              margin={false}
              onClick={() => void run(searched.current, nextCursor)}
              size="small"
            >
              {loadingMore ? 'Loading…' : 'More results'}
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
