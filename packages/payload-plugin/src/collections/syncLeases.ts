import type { CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { nobody, staffOnly } from '../access/rules'
import { bigintNumber } from '../fields/bigintNumber'

/**
 * Leases coordinate workers through the database: one row per resource (a Telegram account's
 * listener), a holder, a heartbeat and a fencing token that grows with every takeover. Written
 * only by the worker (Local API or SQL); staff can see who holds what.
 */
export const syncLeasesCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.syncLeases,
  admin: {
    group: options.adminGroup,
    useAsTitle: 'name',
    defaultColumns: ['name', 'holder', 'acquiredAt', 'heartbeatAt', 'expiresAt'],
  },
  access: { create: nobody, delete: nobody, read: staffOnly, update: nobody },
  fields: [
    { name: 'name', type: 'text', required: true, unique: true },
    { name: 'holder', type: 'text' },
    bigintNumber({ name: 'fencingToken', required: true, defaultValue: 0 }),
    { name: 'acquiredAt', type: 'date' },
    { name: 'heartbeatAt', type: 'date' },
    { name: 'expiresAt', type: 'date', index: true },
  ],
})
