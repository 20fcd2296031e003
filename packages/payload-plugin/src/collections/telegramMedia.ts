import type { CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { nobody, staffOnly } from '../access/rules'

/**
 * Files of synced Telegram messages (photos, documents, voice, video), stored by the media job and
 * linked from `messages.mediaFile`. Staff read them; only the job writes them.
 */
export const telegramMediaCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.media,
  labels: { singular: 'Telegram media', plural: 'Telegram media' },
  admin: { group: options.adminGroup, defaultColumns: ['filename', 'mimeType', 'filesize', 'createdAt'] },
  access: { create: nobody, delete: staffOnly, read: staffOnly, update: nobody },
  upload: { staticDir: options.telegram.media.staticDir },
  fields: [{ name: 'message', type: 'relationship', relationTo: options.slugs.messages, index: true, admin: { readOnly: true } }],
})
