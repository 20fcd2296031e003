import type { CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { labelManagers, teamMembers } from '../access/rules'
import { setLabelNameKey, uniqueLabelName } from '../hooks/labelName'
import { clientComponent } from '../constants'

const hexColor = /^#[0-9a-f]{6}$/

export const labelsCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.labels,
  admin: {
    group: options.adminGroup,
    useAsTitle: 'name',
    defaultColumns: ['name', 'color', 'description'],
  },
  access: {
    create: labelManagers,
    delete: labelManagers,
    read: teamMembers,
    update: labelManagers,
  },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
      validate: uniqueLabelName(options.slugs.labels),
    },
    {
      // Lower-cased name under a unique index: the database refuses "VIP" next to "vip".
      name: 'nameKey',
      type: 'text',
      unique: true,
      admin: { hidden: true },
    },
    {
      name: 'color',
      type: 'text',
      required: true,
      defaultValue: '#64748b',
      admin: {
        description: 'A hex colour such as #3b82f6.',
        // Switchboard admin UI (src/components): colour picker and preview chip next to the hex value.
        ...(options.disabled ? {} : { components: { Field: clientComponent('LabelColorField') } }),
      },
      hooks: { beforeValidate: [({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)] },
      validate: (value: null | string | undefined) =>
        (typeof value === 'string' && hexColor.test(value)) ||
        'Colour must be a hex colour in the form #rrggbb, for example #3b82f6.',
    },
    { name: 'description', type: 'textarea' },
  ],
  hooks: { beforeChange: [setLabelNameKey] },
})
