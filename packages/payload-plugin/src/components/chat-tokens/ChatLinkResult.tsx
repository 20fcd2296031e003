'use client'

import { Button } from '@payloadcms/ui'
import React, { useEffect, useId, useRef, useState } from 'react'

import './chatTokens.scss'

const linkShownOnceNote = 'This link is shown once. Copy it now; only a fingerprint is stored.'

type CopyState = 'copied' | 'idle' | 'select'

export interface ChatLinkResultProps {
  link: string
  tokenPrefix?: null | string
  /** Focus and select the link when it appears (keyboard users copy it straight away). */
  autoFocus?: boolean
  children?: React.ReactNode
  /** Heading above the field; `null` where the surrounding dialog has its own. */
  title?: null | React.ReactNode
}

/**
 * The one time a chat link is visible: read-only field with the whole link, a Copy button
 * (Clipboard API, falling back to selecting the text for the person to copy) and the warning
 * that it cannot be shown again.
 */
export const ChatLinkResult: React.FC<ChatLinkResultProps> = ({ link, tokenPrefix, autoFocus = true, children, title = 'Chat link created' }) => {
  const inputId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [copy, setCopy] = useState<CopyState>('idle')

  useEffect(() => {
    setCopy('idle')
    if (!autoFocus) return
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [autoFocus, link])

  const selectLink = () => {
    inputRef.current?.focus()
    inputRef.current?.select()
  }

  const copyLink = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('No Clipboard API here')
      await navigator.clipboard.writeText(link)
      setCopy('copied')
    } catch {
      // Not allowed (no secure context, permission denied): select it for Ctrl+C, or copy the old way.
      selectLink()
      let copied = false
      try {
        // Deprecated, but the one fallback where the Clipboard API is refused.
        copied = document.execCommand('copy')
      } catch {
        copied = false
      }
      setCopy(copied ? 'copied' : 'select')
    }
  }

  return (
    <div className="sb-chat-link" data-chat-link="">
      {title === null ? null : (
        <p className="sb-chat-link__title">
          {title}
          {tokenPrefix ? <span className="sb-chat-link__prefix"> ({tokenPrefix}…)</span> : null}
        </p>
      )}
      <label className="sb-chat-link__label" htmlFor={inputId}>
        Chat link
      </label>
      <div className="sb-chat-link__row">
        <input
          className="sb-chat-link__input"
          id={inputId}
          onFocus={(event) => event.currentTarget.select()}
          readOnly
          ref={inputRef}
          spellCheck={false}
          type="text"
          value={link}
        />
        <Button buttonStyle="primary" margin={false} onClick={() => void copyLink()} size="medium" type="button">
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p className="sb-chat-link__once" role="note">
        <strong>{linkShownOnceNote}</strong>
      </p>
      <p aria-live="polite" className="sb-chat-link__copy-status" role="status">
        {copy === 'copied'
          ? 'Copied to the clipboard.'
          : copy === 'select'
            ? 'This browser did not allow copying. The link is selected: press Ctrl+C (⌘C on a Mac).'
            : ''}
      </p>
      {children}
    </div>
  )
}
