import { APIError, type CollectionBeforeValidateHook, type CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { nobody, staffOnly } from '../access/rules'

/** Staff uploads through REST or the admin keep to the same size cap as the widget's. */
const limitSize =
  (maxBytes: number): CollectionBeforeValidateHook =>
  ({ data, req }) => {
    // The stored size (generateFileData has run by now), else the received file's.
    const size = Math.max(Number(data?.filesize ?? 0), req.file?.size ?? 0)
    if (size > maxBytes) throw new APIError(`The file is ${size} bytes; attachments can be at most ${maxBytes} bytes.`, 413)
  }

/**
 * Files attached to chat messages (`messages.attachment`): by a customer from the widget
 * (`POST /api/chat/attachments`) or by staff to a reply. Staff read them all, over REST and
 * Payload's file route; a chat session reads only its own conversation's, through
 * `GET /api/chat/attachments/:id`, which checks the session (the file route cannot).
 */
export const chatAttachmentsCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.attachments,
  labels: { singular: 'Chat attachment', plural: 'Chat attachments' },
  admin: { group: options.adminGroup, defaultColumns: ['filename', 'mimeType', 'filesize', 'conversation', 'createdAt'] },
  access: { create: staffOnly, delete: staffOnly, read: staffOnly, update: nobody },
  upload: { staticDir: options.attachments.staticDir, mimeTypes: options.attachments.mimeTypes },
  fields: [{ name: 'conversation', type: 'relationship', relationTo: options.slugs.conversations, required: true, index: true }],
  hooks: { beforeValidate: [limitSize(options.attachments.maxBytes)] },
})
