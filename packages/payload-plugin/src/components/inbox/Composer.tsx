'use client'

import { Button } from '@payloadcms/ui'
import React, { useId, useLayoutEffect, useRef } from 'react'

import './Composer.scss'

const baseClass = 'sb-composer'
const maxRows = 8

export interface ComposerProps {
  value: string
  onChange: (value: string) => void
  /** Sends the text; the composer empties at once (the thread shows the reply's progress). */
  onSend: (text: string) => void
  maxLength: number
  /** Why replying is not possible here; the composer is disabled with this note. */
  disabledReason?: string
  textareaRef?: React.RefObject<HTMLTextAreaElement | null>
  /** `note`: the text becomes an internal note, for the team only. */
  mode?: 'note' | 'reply'
  onModeChange?: (mode: 'note' | 'reply') => void
}

/**
 * The reply box: Enter sends, Shift+Enter starts a new line, Esc leaves the box. "Internal note"
 * switches it to writing a note only the team sees.
 */
export const Composer: React.FC<ComposerProps> = ({ value, onChange, onSend, maxLength, disabledReason, textareaRef, mode = 'reply', onModeChange }) => {
  const id = useId()
  const hintId = useId()
  const ownRef = useRef<HTMLTextAreaElement>(null)
  const ref = textareaRef ?? ownRef
  const disabled = Boolean(disabledReason)
  const text = value.trim()
  const tooLong = value.length > maxLength

  // Grow with the text up to a few lines, then scroll.
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    element.style.height = 'auto'
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20
    element.style.height = `${Math.min(element.scrollHeight, lineHeight * maxRows + 16)}px`
  }, [ref, value])

  const send = () => {
    if (disabled || !text || tooLong) return
    onSend(text)
    onChange('')
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
      <textarea
        aria-describedby={hintId}
        disabled={disabled}
        id={id}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
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
      <Button buttonStyle="primary" disabled={disabled || !text || tooLong} margin={false} size="medium" type="submit">
        {mode === 'note' ? 'Add note' : 'Send'}
      </Button>
      <p className={`${baseClass}__hint`} id={hintId}>
        {disabledReason ??
          (tooLong ? `Too long: ${value.length} of ${maxLength} characters.` : 'Enter sends · Shift+Enter for a new line')}
      </p>
    </form>
  )
}
