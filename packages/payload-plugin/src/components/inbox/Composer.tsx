'use client'

import { Button } from '@payloadcms/ui'
import React, { useId, useLayoutEffect, useRef, useState } from 'react'

import type { CannedReply } from './types'

import { sizeOf } from './format'
import { insertCannedReply, matchCannedReplies, type SlashQuery, slashQueryAt } from './cannedMatch'

import './Composer.scss'

const baseClass = 'sb-composer'
const maxRows = 8

export interface AttachmentLimits {
  maxBytes: number
  /** Exact MIME types. */
  types: string[]
}

export interface ComposerProps {
  value: string
  onChange: (value: string) => void
  /** Sends the text (and a chosen file); the composer empties at once (the thread shows the reply's progress). */
  onSend: (text: string, file?: File) => void
  /** Offers attaching a file within these limits; without it, no attach button. */
  attachments?: AttachmentLimits
  maxLength: number
  /** Why replying is not possible here; the composer is disabled with this note. */
  disabledReason?: string
  textareaRef?: React.RefObject<HTMLTextAreaElement | null>
  /** `note`: the text becomes an internal note, for the team only. */
  mode?: 'note' | 'reply'
  onModeChange?: (mode: 'note' | 'reply') => void
  /** Offered after `/` (canned replies). */
  cannedReplies?: CannedReply[]
}

/**
 * The reply box: Enter sends, Shift+Enter starts a new line, Esc leaves the box. "Internal note"
 * switches it to writing a note only the team sees. `/` offers the team's canned replies: arrows
 * choose, Enter or Tab inserts, Esc closes the list.
 */
export const Composer: React.FC<ComposerProps> = ({
  value,
  onChange,
  onSend,
  maxLength,
  disabledReason,
  textareaRef,
  mode = 'reply',
  onModeChange,
  cannedReplies = [],
  attachments,
}) => {
  const id = useId()
  const listId = useId()
  const [slash, setSlash] = useState<SlashQuery | undefined>()
  const [active, setActive] = useState(0)
  /** The `/` the user closed the list at with Esc: it stays closed until they type another. */
  const dismissed = useRef<number | undefined>(undefined)
  const hintId = useId()
  const ownRef = useRef<HTMLTextAreaElement>(null)
  const ref = textareaRef ?? ownRef
  const disabled = Boolean(disabledReason)
  const text = value.trim()
  const tooLong = value.length > maxLength
  const [file, setFile] = useState<File | undefined>()
  const [fileError, setFileError] = useState<string | undefined>()
  const fileRef = useRef<HTMLInputElement>(null)
  const choose = (chosen: File | undefined) => {
    if (fileRef.current) fileRef.current.value = ''
    if (!chosen || !attachments) return
    if (chosen.size > attachments.maxBytes) {
      setFileError(`${chosen.name} is larger than ${sizeOf(attachments.maxBytes)}, the most an attachment can be.`)
    } else if (!attachments.types.includes(chosen.type)) {
      setFileError(`${chosen.name} cannot be attached: only ${attachments.types.join(', ')}.`)
    } else {
      setFileError(undefined)
      setFile(chosen)
    }
  }

  // Grow with the text up to a few lines, then scroll.
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    element.style.height = 'auto'
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20
    element.style.height = `${Math.min(element.scrollHeight, lineHeight * maxRows + 16)}px`
  }, [ref, value])

  const matches = slash ? matchCannedReplies(cannedReplies, slash.query) : []
  const menuOpen = matches.length > 0
  const follow = (element: HTMLTextAreaElement) => {
    const at = slashQueryAt(element.value, element.selectionStart ?? element.value.length)
    if (at?.start !== dismissed.current) dismissed.current = undefined
    const next = at && at.start !== dismissed.current ? at : undefined
    setSlash((current) => (current?.start === next?.start && current?.query === next?.query ? current : next))
    if (next?.query !== slash?.query) setActive(0)
  }
  const insert = (reply: CannedReply) => {
    const element = ref.current
    if (!element || !slash) return
    const result = insertCannedReply(element.value, slash, element.selectionStart ?? element.value.length, reply)
    onChange(result.value)
    setSlash(undefined)
    requestAnimationFrame(() => {
      element.focus()
      element.setSelectionRange(result.caret, result.caret)
    })
  }

  const send = () => {
    if (disabled || (!text && !file) || tooLong) return
    onSend(text, file)
    onChange('')
    setFile(undefined)
  }

  return (
    <form
      className={baseClass}
      data-disabled={disabled || undefined}
      data-mode={mode}
      onSubmit={(event) => {
        event.preventDefault()
        send()
      }}
    >
      {onModeChange ? (
        <div aria-label="Write" className={`${baseClass}__modes`} role="group">
          <button aria-pressed={mode === 'reply'} onClick={() => onModeChange('reply')} type="button">
            Reply
          </button>
          <button aria-pressed={mode === 'note'} onClick={() => onModeChange('note')} type="button">
            Internal note
          </button>
        </div>
      ) : null}
      <label className="sb-inbox-visually-hidden" htmlFor={id}>
        {mode === 'note' ? 'Internal note' : 'Reply'}
      </label>
      {menuOpen ? (
        <ul aria-label="Canned replies" className={`${baseClass}__canned`} id={listId} role="listbox">
          {matches.map((reply, index) => (
            <li
              aria-selected={index === active}
              className={`${baseClass}__canned-item`}
              id={`${listId}-${index}`}
              key={String(reply.id)}
              onMouseDown={(event) => {
                // Keep the focus in the text box.
                event.preventDefault()
                insert(reply)
              }}
              role="option"
            >
              <span className={`${baseClass}__canned-title`}>
                {reply.title}
                {reply.shortcut ? <span className={`${baseClass}__canned-shortcut`}> /{reply.shortcut}</span> : null}
              </span>
              <span className={`${baseClass}__canned-text`}>{reply.text}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <textarea
        aria-activedescendant={menuOpen ? `${listId}-${active}` : undefined}
        aria-autocomplete="list"
        aria-controls={menuOpen ? listId : undefined}
        aria-describedby={hintId}
        aria-expanded={menuOpen}
        disabled={disabled}
        id={id}
        onBlur={() => setSlash(undefined)}
        onChange={(event) => {
          onChange(event.target.value)
          follow(event.target)
        }}
        onClick={(event) => follow(event.currentTarget)}
        onKeyDown={(event) => {
          if (menuOpen) {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault()
              const step = event.key === 'ArrowDown' ? 1 : -1
              setActive((index) => (index + step + matches.length) % matches.length)
              return
            }
            if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
              event.preventDefault()
              insert(matches[Math.min(active, matches.length - 1)]!)
              return
            }
            if (event.key === 'Escape') {
              event.preventDefault()
              dismissed.current = slash?.start
              setSlash(undefined)
              return
            }
          }
          if (event.key === 'Escape') {
            event.preventDefault()
            event.currentTarget.blur()
            return
          }
          if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.nativeEvent.isComposing) return
          event.preventDefault()
          send()
        }}
        placeholder={disabled ? '' : mode === 'note' ? 'Write a note for the team (the customer never sees it)…' : 'Write a reply…'}
        ref={ref}
        rows={1}
        value={value}
      />
      {attachments ? (
        <div className={`${baseClass}__attach`}>
          <input
            accept={attachments.types.join(',')}
            aria-label="Attach a file"
            disabled={disabled}
            hidden
            onChange={(event) => choose(event.target.files?.[0])}
            ref={fileRef}
            type="file"
          />
          <button className={`${baseClass}__attach-button`} disabled={disabled} onClick={() => fileRef.current?.click()} type="button">
            Attach file
          </button>
          {file ? (
            <span className={`${baseClass}__file`}>
              {file.name}
              <button aria-label={`Remove ${file.name}`} onClick={() => setFile(undefined)} type="button">
                ×
              </button>
            </span>
          ) : null}
          {fileError ? (
            <span className={`${baseClass}__file-error`} role="alert">
              {fileError}
            </span>
          ) : null}
        </div>
      ) : null}
      <Button buttonStyle="primary" disabled={disabled || (!text && !file) || tooLong} margin={false} size="medium" type="submit">
        {mode === 'note' ? 'Add note' : 'Send'}
      </Button>
      <p className={`${baseClass}__hint`} id={hintId}>
        {disabledReason ??
          (tooLong
            ? `Too long: ${value.length} of ${maxLength} characters.`
            : `Enter sends · Shift+Enter for a new line${cannedReplies.length > 0 ? ' · / for canned replies' : ''}`)}
      </p>
    </form>
  )
}
