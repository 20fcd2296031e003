'use client'

import type { UIFieldClientProps } from 'payload'

import { Button, ConfirmationModal, toast, useConfig, useDocumentInfo, useFormFields, useFormModified, useModal } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import React, { useState } from 'react'

import type { ChatTokenDoc, DocResponse } from './chatLink'

import { formatDate } from '../shared/formatDate'
import { messageOf, requestJson } from '../shared/request'
import './chatTokens.scss'

const baseClass = 'sb-chat-token-revoke'

/**
 * On a chat token's edit view: revoke the link (after confirming) with
 * `PATCH /api/<chat-tokens>/:id { revokedAt }`, or, once revoked, when that happened. Revoking
 * is final, and the chat endpoints refuse the link and every session opened through it.
 */
export const ChatTokenRevoke: React.FC<Partial<UIFieldClientProps>> = () => {
  const { config } = useConfig()
  const { id, collectionSlug } = useDocumentInfo()
  const { openModal } = useModal()
  const formModified = useFormModified()
  const router = useRouter()
  const savedRevokedAt = useFormFields(([fields]) => fields.revokedAt?.value) as null | string | undefined
  const tokenPrefix = useFormFields(([fields]) => fields.tokenPrefix?.value) as null | string | undefined
  const [revokedAt, setRevokedAt] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  if (id === undefined || id === null || !collectionSlug) return null
  const modalSlug = `switchboard-revoke-${collectionSlug}-${id}`
  const shownRevokedAt = revokedAt ?? savedRevokedAt ?? undefined

  const revoke = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const { doc } = await requestJson<DocResponse<ChatTokenDoc>>(`${config.routes.api}/${collectionSlug}/${encodeURIComponent(String(id))}`, {
        method: 'PATCH',
        body: JSON.stringify({ revokedAt: new Date().toISOString() }),
      })
      setRevokedAt(doc.revokedAt ?? new Date().toISOString())
      toast.success('Chat link revoked.')
      // The form below shows revokedAt and the status too: reload the view.
      router.refresh()
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setBusy(false)
    }
  }

  if (shownRevokedAt) {
    return (
      <div className={baseClass} data-revoked="true">
        <p className={`${baseClass}__revoked`}>Revoked on {formatDate(shownRevokedAt) || shownRevokedAt}</p>
        <p className={`${baseClass}__muted`}>The link no longer opens chats, and chats opened through it have ended.</p>
      </div>
    )
  }

  return (
    <div className={baseClass} data-revoked="false">
      <Button
        buttonStyle="error"
        disabled={busy || formModified}
        margin={false}
        onClick={() => openModal(modalSlug)}
        size="medium"
        type="button"
      >
        {busy ? 'Revoking…' : 'Revoke link'}
      </Button>
      {formModified ? <p className={`${baseClass}__muted`}>Save your changes first: revoking reloads this link.</p> : null}
      {error ? (
        <p className={`${baseClass}__error`} role="alert">
          {error}
        </p>
      ) : null}
      <ConfirmationModal
        body={
          <p>
            Nobody can start a chat with {tokenPrefix ? <code>{tokenPrefix}…</code> : 'this link'} any more, and chats
            opened through it end. This cannot be undone; you can create a new link instead.
          </p>
        }
        confirmingLabel="Revoking…"
        confirmLabel="Revoke link"
        heading="Revoke this chat link?"
        modalSlug={modalSlug}
        onConfirm={revoke}
      />
    </div>
  )
}
