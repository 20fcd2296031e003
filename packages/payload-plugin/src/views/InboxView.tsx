import type { AdminViewServerProps } from 'payload'

import React from 'react'

import type { InboxSettings } from '../components/inbox/types'

import { isStaff } from '../access/roles'
import { Inbox } from '../components/inbox/Inbox'
import { switchboardOptionsOf } from '../options'
import { adminTemplate } from './adminTemplate'

/**
 * `/admin/inbox` and `/admin/inbox/<conversationId>`: the staff inbox inside the admin's layout
 * (navigation and header). Only staff and admins get it; everyone else gets a short note.
 */
export const InboxView = (props: AdminViewServerProps) => {
  const { req } = props.initPageResult
  const { payload, user } = req
  const options = switchboardOptionsOf(payload)

  const template = adminTemplate(props, 'inbox')

  if (!isStaff(user)) {
    return template(
      <div className="sb-inbox-denied" style={{ padding: 'calc(var(--base) * 2) var(--gutter-h)' }}>
        <h1>Inbox</h1>
        <p>Only staff can use the inbox.</p>
      </div>,
    )
  }

  const settings: InboxSettings = {
    conversationsSlug: options.slugs.conversations,
    messagesSlug: options.slugs.messages,
    labelsSlug: options.slugs.labels,
    cannedRepliesSlug: options.slugs.cannedReplies,
    attachmentsSlug: options.slugs.attachments,
    maxAttachmentBytes: options.attachments.maxBytes,
    attachmentTypes: options.attachments.mimeTypes,
    usersSlug: options.usersCollection,
    maxMessageLength: options.chat.maxMessageLength,
  }
  const record = user as unknown as { id: number | string; displayName?: null | string; email?: null | string }
  const currentUser = { id: record.id, name: record.displayName || record.email || `User ${record.id}` }

  return template(<Inbox currentUser={currentUser} settings={settings} />)
}
