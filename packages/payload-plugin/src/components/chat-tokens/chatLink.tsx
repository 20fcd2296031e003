'use client'

import { Button } from '@payloadcms/ui'
import React, { useEffect, useId, useRef, useState } from 'react'

import './chatTokens.scss'

/** A chat token as the REST API returns it; `token` only in the create response. */
export interface ChatTokenDoc {
  id: number | string
  expiresAt?: null | string
  kind?: 'personal' | 'public'
  maxUses?: null | number
  revokedAt?: null | string
  status?: 'active' | 'expired' | 'revoked' | 'used-up'
  token?: string
  tokenPrefix?: null | string
  uses?: null | number
}

/** Payload's create/update answer. */
export interface DocResponse<T> {
  doc: T
  message?: string
}

export const linkShownOnceNote = 'This link is shown once. Copy it now; only a fingerprint is stored.'

/**
 * The link a customer opens: `<chatPageUrl>?token=…`, made absolute against this admin's origin
 * when `chatPageUrl` is relative (the default `/chat-demo` is served by the app itself).
 */
export const chatLinkFor = (chatPageUrl: string, token: string, origin: string): string => {
  const url = new URL(chatPageUrl || '/', origin)
  url.searchParams.set('token', token)
  return url.toString()
}

/** Fields of a chat token the server sets itself; never sent from the admin. */
export const serverManagedFields = ['conversation', 'lastUsedAt', 'revokedAt', 'status', 'token', 'tokenHash', 'tokenPrefix', 'uses']

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

/** `YYYY-MM-DDTHH:mm` in local time, as `<input type="datetime-local">` reads and writes it. */
export const localDateTimeValue = (date: Date): string => {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

const dayMs = 24 * 60 * 60 * 1000

export const defaultExpiry = (days: number, now: Date = new Date()): Date => new Date(now.getTime() + days * dayMs)
