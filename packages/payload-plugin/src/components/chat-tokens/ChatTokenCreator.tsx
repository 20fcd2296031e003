'use client'

import type { BeforeListClientProps } from 'payload'

import { Button, useConfig } from '@payloadcms/ui'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import React, { useEffect, useId, useState } from 'react'

import { messageOf, requestJson } from '../shared/request'
import { chatLinkFor, type ChatTokenDoc, defaultExpiry, type DocResponse, localDateTimeValue } from './chatLink'
import { ChatLinkResult } from './ChatLinkResult'
import './chatTokens.scss'

export interface ChatTokenCreatorProps {
  /** Page hosting the widget; links are `<chatPageUrl>?token=…` (relative: on this admin's origin). */
  chatPageUrl?: string
  /** Expiry offered for a new link, in days from now. */
  defaultExpiryDays?: number
}

type Kind = NonNullable<ChatTokenDoc['kind']>

const baseClass = 'sb-chat-token-creator'

interface Created {
  id: ChatTokenDoc['id']
  link: string
  tokenPrefix?: null | string
}

/**
 * Above the chat-tokens list: creates a chat link through `POST /api/<chat-tokens>` and shows the
 * whole link once, with a Copy button. The server keeps only the token's SHA-256, so this answer
 * is the one place the link exists; the list then refreshes to show its prefix.
 */
export const ChatTokenCreator: React.FC<Partial<BeforeListClientProps> & ChatTokenCreatorProps> = ({
  chatPageUrl = '/chat-demo',
  collectionSlug = 'chat-tokens',
  defaultExpiryDays = 7,
  hasCreatePermission,
}) => {
  const { config } = useConfig()
  const router = useRouter()
  const ids = { heading: useId(), kind: useId(), note: useId(), expires: useId(), maxUses: useId(), hint: useId() }

  const [kind, setKind] = useState<Kind>('personal')
  const [note, setNote] = useState('')
  // Filled in after mounting: the server renders this component in its own time zone.
  const [expires, setExpires] = useState('')
  const [minExpires, setMinExpires] = useState<string | undefined>()
  const [maxUses, setMaxUses] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [created, setCreated] = useState<Created | undefined>()

  useEffect(() => {
    setExpires(localDateTimeValue(defaultExpiry(defaultExpiryDays)))
    setMinExpires(localDateTimeValue(new Date()))
  }, [defaultExpiryDays])

  if (hasCreatePermission === false) return null

  const create = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    const expiresAt = expires ? new Date(expires) : undefined
    if (!expiresAt || Number.isNaN(expiresAt.getTime())) return setError('Choose when the link expires.')
    if (expiresAt.getTime() <= Date.now()) return setError('Choose an expiry in the future.')
    const uses = maxUses.trim()
    if (uses && !(/^\d+$/.test(uses) && Number(uses) >= 1)) {
      return setError('Max uses must be a whole number, 1 or more; leave it empty for unlimited.')
    }

    setBusy(true)
    setError(undefined)
    setCreated(undefined)
    try {
      const { doc } = await requestJson<DocResponse<ChatTokenDoc>>(`${config.routes.api}/${collectionSlug}`, {
        method: 'POST',
        body: JSON.stringify({
          kind,
          note: note.trim() || undefined,
          expiresAt: expiresAt.toISOString(),
          maxUses: uses ? Number(uses) : undefined,
        }),
      })
      // The list below shows the new link's prefix.
      router.refresh()
      if (!doc.token) {
        setError('The link was saved, but the server did not return it. Revoke it and create another.')
        return
      }
      setCreated({ id: doc.id, link: chatLinkFor(chatPageUrl, doc.token, window.location.origin), tokenPrefix: doc.tokenPrefix })
      setNote('')
      setMaxUses('')
      setExpires(localDateTimeValue(defaultExpiry(defaultExpiryDays)))
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby={ids.heading} className={baseClass}>
      <h2 className={`${baseClass}__title`} id={ids.heading}>
        New chat link
      </h2>
      <p className={`${baseClass}__muted`} id={ids.hint}>
        Customers who open the link chat with you. A personal link is for one customer and one conversation; a public
        embed key puts the chat on a website, with a conversation per visitor.
      </p>
      <form aria-describedby={ids.hint} className={`${baseClass}__form`} noValidate onSubmit={(event) => void create(event)}>
        <div className={`${baseClass}__field`}>
          <label htmlFor={ids.kind}>Kind</label>
          <select id={ids.kind} onChange={(event) => setKind(event.target.value as Kind)} value={kind}>
            <option value="personal">Personal link</option>
            <option value="public">Public embed key</option>
          </select>
        </div>
        <div className={`${baseClass}__field ${baseClass}__field--wide`}>
          <label htmlFor={ids.note}>Note</label>
          <input
            autoComplete="off"
            id={ids.note}
            maxLength={500}
            onChange={(event) => setNote(event.target.value)}
            placeholder="Who or what it is for"
            type="text"
            value={note}
          />
        </div>
        <div className={`${baseClass}__field`}>
          <label htmlFor={ids.expires}>Expires</label>
          <input
            id={ids.expires}
            min={minExpires}
            onChange={(event) => setExpires(event.target.value)}
            required
            type="datetime-local"
            value={expires}
          />
        </div>
        <div className={`${baseClass}__field ${baseClass}__field--narrow`}>
          <label htmlFor={ids.maxUses}>Max uses</label>
          <input
            id={ids.maxUses}
            inputMode="numeric"
            min={1}
            onChange={(event) => setMaxUses(event.target.value)}
            placeholder="Unlimited"
            step={1}
            type="number"
            value={maxUses}
          />
        </div>
        <div className={`${baseClass}__submit`}>
          <Button buttonStyle="primary" disabled={busy} margin={false} size="medium" type="submit">
            {busy ? 'Creating…' : 'Create link'}
          </Button>
        </div>
      </form>

      {error ? (
        <p className={`${baseClass}__error`} role="alert">
          {error}
        </p>
      ) : null}

      {created ? (
        <ChatLinkResult link={created.link} tokenPrefix={created.tokenPrefix}>
          <div className={`${baseClass}__actions`}>
            <Link href={`${config.routes.admin}/collections/${collectionSlug}/${encodeURIComponent(String(created.id))}`}>
              Open this link&apos;s settings
            </Link>
            <Button buttonStyle="secondary" margin={false} onClick={() => setCreated(undefined)} size="small" type="button">
              Done
            </Button>
          </div>
        </ChatLinkResult>
      ) : null}
    </section>
  )
}
