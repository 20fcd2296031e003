'use client'

import type { UIFieldClientProps } from 'payload'

import { Button, ConfirmationModal, toast, useConfig, useDocumentInfo, useFormModified, useModal } from '@payloadcms/ui'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import React, { useCallback, useEffect, useId, useState } from 'react'

import { formatDate } from '../shared/formatDate'
import { isAbort, messageOf, requestJson } from '../shared/request'
import {
  atUsername,
  type ID,
  idOf,
  populated,
  sourceLabels,
  staleExplanation,
  statusLabels,
  type TelegramUserLink,
  type UserSummary,
  userLabel,
} from './linking'
import './LinkedUserControl.scss'

export interface LinkedUserControlProps {
  /** Slug of the auth collection users are linked to. Defaults to the admin's user collection. */
  usersCollection?: string
}

const baseClass = 'sb-linked-user'
const searchDelayMs = 300
const minQueryLength = 2

/** `where[or]` over email, display name and Telegram username, as Payload's REST API reads it. */
const userSearchQuery = (query: string): string => {
  const params = new URLSearchParams()
  ;['email', 'displayName', 'telegramUsername'].forEach((field, index) => params.set(`where[or][${index}][${field}][like]`, query))
  params.set('limit', '10')
  params.set('depth', '0')
  return params.toString()
}

/**
 * The link between a Telegram user and a user, on the telegram-users edit view: who it is linked
 * to and how, a search to link (or re-link) it, and an unlink with confirmation. Changes go
 * through `POST /api/<telegram-users>/:id/link|unlink`; afterwards the document view reloads so
 * the form never holds the old link.
 */
export const LinkedUserControl: React.FC<Partial<UIFieldClientProps> & LinkedUserControlProps> = ({ usersCollection }) => {
  const { config } = useConfig()
  const { id, collectionSlug, data } = useDocumentInfo()
  const { openModal } = useModal()
  const formModified = useFormModified()
  const router = useRouter()
  const inputId = useId()

  const apiRoute = config.routes.api
  const adminRoute = config.routes.admin
  const usersSlug = usersCollection ?? config.admin.user
  const docUrl = id !== undefined && collectionSlug ? `${apiRoute}/${collectionSlug}/${encodeURIComponent(String(id))}` : undefined
  const modalSlug = `switchboard-unlink-${collectionSlug}-${id}`

  const [doc, setDoc] = useState<TelegramUserLink | undefined>()
  const [loadError, setLoadError] = useState<string | undefined>()
  const [actionError, setActionError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<UserSummary[] | undefined>()
  const [searching, setSearching] = useState(false)
  const [searchError, setSearchError] = useState<string | undefined>()

  // The document as the server has it now, with the user populated. Reloaded after every save
  // (the saved data's updatedAt changes) and after the view refreshes.
  const updatedAt = (data as { updatedAt?: string } | undefined)?.updatedAt
  useEffect(() => {
    if (!docUrl) return
    const controller = new AbortController()
    requestJson<TelegramUserLink>(`${docUrl}?depth=1`, { signal: controller.signal })
      .then((loaded) => {
        setDoc(loaded)
        setLoadError(undefined)
      })
      .catch((error: unknown) => {
        if (!isAbort(error)) setLoadError(messageOf(error))
      })
    return () => controller.abort()
  }, [docUrl, updatedAt])

  // Debounced user search; a newer query cancels the request of an older one.
  const trimmed = query.trim()
  useEffect(() => {
    if (trimmed.length < minQueryLength) {
      setResults(undefined)
      setSearching(false)
      setSearchError(undefined)
      return
    }
    const controller = new AbortController()
    setSearching(true)
    const timer = setTimeout(() => {
      requestJson<{ docs: UserSummary[] }>(`${apiRoute}/${usersSlug}?${userSearchQuery(trimmed)}`, { signal: controller.signal })
        .then((found) => {
          setResults(found.docs)
          setSearchError(undefined)
          setSearching(false)
        })
        .catch((error: unknown) => {
          if (isAbort(error)) return
          setSearchError(messageOf(error))
          setSearching(false)
        })
    }, searchDelayMs)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [apiRoute, usersSlug, trimmed])

  const change = useCallback(
    async (action: 'link' | 'unlink', userId?: ID): Promise<boolean> => {
      if (!docUrl) return false
      setBusy(true)
      setActionError(undefined)
      try {
        const updated = await requestJson<TelegramUserLink>(`${docUrl}/${action}`, {
          method: 'POST',
          body: action === 'link' ? JSON.stringify({ userId }) : undefined,
        })
        setDoc(updated)
        const linkedTo = populated(updated.user)
        toast.success(action === 'link' ? `Linked to ${linkedTo ? userLabel(linkedTo) : 'the user'}.` : 'Link removed.')
        // The form below holds the link fields too: reload the view so it shows (and would save) the new link.
        router.refresh()
        return true
      } catch (error) {
        setActionError(messageOf(error))
        return false
      } finally {
        setBusy(false)
      }
    },
    [docUrl, router],
  )

  const link = async (userId: ID) => {
    if (await change('link', userId)) {
      setQuery('')
      setResults(undefined)
    }
  }

  if (id === undefined) {
    return (
      <div className={baseClass}>
        <h3 className={`${baseClass}__title`}>Linked user</h3>
        <p className={`${baseClass}__muted`}>Save this Telegram user first; then you can link it to a user.</p>
      </div>
    )
  }

  const linkedUser = populated(doc?.user)
  const linkedUserId = idOf(doc?.user)
  const linkedBy = populated(doc?.linkedBy)
  const status = doc?.linkStatus ?? (linkedUserId !== undefined ? 'linked' : 'unlinked')
  const stale = linkedUserId !== undefined && status === 'stale'
  const disabled = busy || formModified
  // The server keeps a staff or verified link until staff remove it (a new link answers 409), so offer no search.
  const manuallyLinked = linkedUserId !== undefined && (doc?.linkSource === 'manual' || doc?.linkSource === 'verified') && !stale

  return (
    <div className={baseClass} data-link-status={doc ? status : 'loading'}>
      <h3 className={`${baseClass}__title`}>Linked user</h3>

      {loadError ? (
        <p className={`${baseClass}__error`} role="alert">
          Could not load the link: {loadError}
        </p>
      ) : !doc ? (
        <p className={`${baseClass}__muted`}>Loading…</p>
      ) : linkedUserId === undefined ? (
        <p className={`${baseClass}__muted`}>
          Not linked to a user. Until it is, no user sees this Telegram account&apos;s conversations.
          {doc.linkSource === 'manual' && linkedBy
            ? ` Unlinked by ${userLabel(linkedBy)}; the automatic username rule will not link it again.`
            : ''}
        </p>
      ) : (
        <div className={`${baseClass}__current${stale ? ` ${baseClass}__current--stale` : ''}`}>
          <div className={`${baseClass}__who`}>
            <Link className={`${baseClass}__name`} href={`${adminRoute}/collections/${usersSlug}/${encodeURIComponent(String(linkedUserId))}`}>
              {linkedUser ? userLabel(linkedUser) : `User ${linkedUserId}`}
            </Link>
            {linkedUser?.email && linkedUser.displayName ? <span className={`${baseClass}__muted`}>{linkedUser.email}</span> : null}
          </div>
          <dl className={`${baseClass}__facts`}>
            <dt>Source</dt>
            <dd>{doc.linkSource ? sourceLabels[doc.linkSource] : 'Unknown'}</dd>
            <dt>Status</dt>
            <dd className={`${baseClass}__status ${baseClass}__status--${status}`}>{statusLabels[status]}</dd>
            {doc.linkedAt ? (
              <>
                <dt>Linked</dt>
                <dd>
                  {formatDate(doc.linkedAt)}
                  {linkedBy ? ` by ${userLabel(linkedBy)}` : ''}
                </dd>
              </>
            ) : null}
            {doc.linkedUsername ? (
              <>
                <dt>Username when linked</dt>
                <dd>{atUsername(doc.linkedUsername)}</dd>
              </>
            ) : null}
          </dl>
          {stale ? (
            <p className={`${baseClass}__stale`} role="note">
              {staleExplanation} Username now: {atUsername(doc.username) || 'none'}. If it is the same person, keep the link;
              otherwise unlink it.
            </p>
          ) : null}
          <div className={`${baseClass}__actions`}>
            {stale ? (
              <Button buttonStyle="secondary" disabled={disabled} margin={false} onClick={() => void change('link', linkedUserId)} size="small" type="button">
                Keep this link
              </Button>
            ) : null}
            <Button buttonStyle="secondary" disabled={disabled} margin={false} onClick={() => openModal(modalSlug)} size="small" type="button">
              Unlink
            </Button>
          </div>
        </div>
      )}

      {actionError ? (
        <p className={`${baseClass}__error`} role="alert">
          {actionError}
        </p>
      ) : null}
      {formModified ? (
        <p className={`${baseClass}__muted`}>Save your changes first: linking reloads this document.</p>
      ) : null}

      {doc && manuallyLinked ? (
        <p className={`${baseClass}__muted ${baseClass}__search`}>Linked by staff. To link it to someone else, unlink it first.</p>
      ) : doc ? (
        <div className={`${baseClass}__search`}>
          <label className={`${baseClass}__label`} htmlFor={inputId}>
            {linkedUserId === undefined ? 'Link to a user' : 'Link to a different user'}
          </label>
          <input
            autoComplete="off"
            className={`${baseClass}__input`}
            id={inputId}
            onChange={(event) => setQuery(event.target.value)}
            // Enter must not submit the document form this control sits in.
            onKeyDown={(event) => {
              if (event.key === 'Enter') event.preventDefault()
            }}
            placeholder="Search by email, name or Telegram username"
            type="search"
            value={query}
          />
          {searchError ? (
            <p className={`${baseClass}__error`} role="alert">
              {searchError}
            </p>
          ) : searching ? (
            <p className={`${baseClass}__muted`}>Searching…</p>
          ) : results && results.length === 0 ? (
            <p className={`${baseClass}__muted`}>No users match “{trimmed}”.</p>
          ) : results ? (
            <ul className={`${baseClass}__results`} aria-label="Users found">
              {results.map((user) => {
                const current = String(user.id) === String(linkedUserId)
                return (
                  <li className={`${baseClass}__result`} key={String(user.id)}>
                    <span className={`${baseClass}__result-text`}>
                      <span className={`${baseClass}__name`}>{userLabel(user)}</span>
                      {user.email && user.displayName ? <span className={`${baseClass}__muted`}>{user.email}</span> : null}
                      {user.telegramUsername ? <span className={`${baseClass}__muted`}>{atUsername(user.telegramUsername)}</span> : null}
                    </span>
                    <Button
                      aria-label={`Link to ${userLabel(user)}`}
                      buttonStyle={current ? 'secondary' : 'primary'}
                      disabled={disabled || (current && !stale)}
                      margin={false}
                      onClick={() => void link(user.id)}
                      size="small"
                      type="button"
                    >
                      {current ? (stale ? 'Keep this link' : 'Linked') : 'Link'}
                    </Button>
                  </li>
                )
              })}
            </ul>
          ) : null}
        </div>
      ) : null}

      <ConfirmationModal
        body={
          <p>
            {doc?.displayName || atUsername(doc?.username) || 'This Telegram user'} will no longer be linked to{' '}
            {linkedUser ? userLabel(linkedUser) : 'its user'}, who then stops seeing this Telegram account&apos;s conversations.
          </p>
        }
        confirmingLabel="Unlinking…"
        confirmLabel="Unlink"
        heading="Unlink this Telegram user?"
        modalSlug={modalSlug}
        onConfirm={async () => {
          await change('unlink')
        }}
      />
    </div>
  )
}
