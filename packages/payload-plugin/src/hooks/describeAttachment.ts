import { type CollectionBeforeChangeHook, ValidationError } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { inlineImageTypes } from '../chat/attachmentFiles'
import { findDoc, relationId } from '../localApi'

/**
 * messages `beforeChange`: a message given an attachment describes it (file name, type, size, and
 * kind `media` unless it is a note), so lists, the widget and Telegram need not read the file's
 * row. The file must belong to the message's conversation: that is whose customer may read it.
 */
export const describeAttachment =
  (options: ResolvedSwitchboardOptions): CollectionBeforeChangeHook =>
  async ({ collection, data, originalDoc, req }) => {
    const attachmentId = relationId(data.attachment)
    if (attachmentId === undefined || attachmentId === relationId(originalDoc?.attachment)) return data
    const attachment = await findDoc(req, options.slugs.attachments, attachmentId)
    const conversationId = relationId(data.conversation ?? originalDoc?.conversation)
    if (!attachment || String(relationId(attachment.conversation)) !== String(conversationId)) {
      throw new ValidationError({
        collection: collection.slug,
        errors: [{ path: 'attachment', message: 'Attach a file uploaded to this conversation.' }],
        req,
      })
    }
    const mimeType = String(attachment.mimeType ?? '')
    return {
      ...data,
      kind: data.kind === 'note' || originalDoc?.kind === 'note' ? 'note' : 'media',
      mediaType: inlineImageTypes.has(mimeType) ? 'photo' : 'document',
      mediaMimeType: mimeType,
      mediaSize: attachment.filesize ?? null,
      mediaFileName: attachment.filename ?? null,
    }
  }
