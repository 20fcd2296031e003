import type { CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { nobody, staffOnly } from '../access/rules'

/**
 * Daily message counts by conversation source and direction, for complete days: the rollup the
 * volume chart reads instead of scanning every message. Rebuilt by the `switchboardRefreshStats`
 * task; today is always counted live.
 */
export const messageVolumeCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.messageVolume,
  admin: { group: options.adminGroup, hidden: true },
  access: { create: nobody, delete: nobody, read: staffOnly, update: nobody },
  fields: [
    { name: 'day', type: 'date', required: true, index: true },
    { name: 'source', type: 'text', required: true },
    { name: 'direction', type: 'text', required: true },
    { name: 'count', type: 'number', required: true },
  ],
  indexes: [{ fields: ['day', 'source', 'direction'], unique: true }],
})
