'use client'

import {
  Button,
  FormSubmit,
  Modal,
  SaveButton,
  toast,
  useConfig,
  useDocumentInfo,
  useEditDepth,
  useForm,
  useFormProcessing,
  useHotkey,
  useModal,
} from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import React, { useEffect, useRef, useState } from 'react'

import { messageOf, requestJson } from '../shared/request'
import { chatLinkFor, type ChatTokenDoc, type DocResponse, serverManagedFields } from './chatLink'
import { ChatLinkResult } from './ChatLinkResult'
import './chatTokens.scss'

export interface ChatTokenSaveButtonProps {
  /** Page hosting the widget; links are `<chatPageUrl>?token=…` (relative: on this admin's origin). */
  chatPageUrl?: string
}

interface Created {
  id: ChatTokenDoc['id']
  link: string
  tokenPrefix?: null | string
}

const baseClass = 'sb-chat-link-dialog'
/** Payload's modal layer (its drawers and confirmation modals start there). */
const modalZBase = 100

/**
 * Creates the chat link from the create view's form and shows it once in a dialog; closing the
 * dialog opens the saved link's page. Payload's own Save would redirect to the saved document,
 * which no longer has the token (only its SHA-256 is stored), so the link would be lost.
 */
const CreateChatLinkButton: React.FC<Required<ChatTokenSaveButtonProps>> = ({ chatPageUrl }) => {
  const { config } = useConfig()
  const { collectionSlug } = useDocumentInfo()
  const { getData, setModified, setSubmitted, validateForm } = useForm()
  const processing = useFormProcessing()
  const { closeModal, isModalOpen, openModal } = useModal()
  const editDepth = useEditDepth()
  const router = useRouter()
  const buttonRef = useRef<HTMLButtonElement>(null)
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState<Created | undefined>()
  const shown = useRef(false)

  const slug = collectionSlug || 'chat-tokens'
  const modalSlug = `switchboard-new-chat-link-${slug}`
  const open = isModalOpen(modalSlug)
  const docUrl = created ? `${config.routes.admin}/collections/${slug}/${encodeURIComponent(String(created.id))}` : undefined

  // Ctrl/⌘+S creates too, as it saves on other documents.
  useHotkey({ cmdCtrlKey: true, editDepth, keyCodes: ['s'] }, (event) => {
    event.preventDefault()
    event.stopPropagation()
    buttonRef.current?.click()
  })

  // However the dialog closes (Done, Escape), the link is gone: continue to the saved document.
  useEffect(() => {
    if (!created || !docUrl) return
    if (open) shown.current = true
    else if (shown.current) router.push(docUrl)
  }, [created, docUrl, open, router])

  const create = async () => {
    if (busy || created) return
    setBusy(true)
    try {
      if (!(await validateForm())) {
        setSubmitted(true)
        toast.error('Check the highlighted fields.')
        return
      }
      const data = getData()
      for (const field of serverManagedFields) delete data[field]
      const { doc } = await requestJson<DocResponse<ChatTokenDoc>>(`${config.routes.api}/${slug}`, {
        method: 'POST',
        body: JSON.stringify(data),
      })
      // Saved: leaving the page must not warn about unsaved changes.
      setModified(false)
      if (!doc.token) {
        toast.error('The link was saved, but the server did not return it. Revoke it and create another.')
        router.push(`${config.routes.admin}/collections/${slug}/${encodeURIComponent(String(doc.id))}`)
        return
      }
      setCreated({ id: doc.id, link: chatLinkFor(chatPageUrl, doc.token, window.location.origin), tokenPrefix: doc.tokenPrefix })
      openModal(modalSlug)
    } catch (error) {
      toast.error(messageOf(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <FormSubmit
        buttonId="action-save"
        disabled={busy || processing || Boolean(created)}
        onClick={() => void create()}
        ref={buttonRef}
        size="medium"
        type="button"
      >
        {busy ? 'Creating…' : 'Create link'}
      </FormSubmit>
      {created ? (
        <Modal className={`confirmation-modal ${baseClass}`} closeOnBlur={false} slug={modalSlug} style={{ zIndex: modalZBase + editDepth }}>
          <div className="confirmation-modal__wrapper">
            <div className="confirmation-modal__content">
              <h1>Chat link created</h1>
              <ChatLinkResult link={created.link} title={null} tokenPrefix={created.tokenPrefix} />
            </div>
            <div className="confirmation-modal__controls">
              <Button buttonStyle="primary" id="chat-link-done" onClick={() => closeModal(modalSlug)} size="large" type="button">
                Done
              </Button>
            </div>
          </div>
        </Modal>
      ) : null}
    </>
  )
}

/**
 * The chat-token edit view's Save button: on a new link, "Create link" (above); on a saved one,
 * Payload's own Save.
 */
export const ChatTokenSaveButton: React.FC<ChatTokenSaveButtonProps> = ({ chatPageUrl = '/chat-demo' }) => {
  const { id } = useDocumentInfo()
  return id === undefined || id === null ? <CreateChatLinkButton chatPageUrl={chatPageUrl} /> : <SaveButton />
}
