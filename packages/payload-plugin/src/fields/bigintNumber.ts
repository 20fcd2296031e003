import type { NumberField } from 'payload'

/** Marker read by the schema extension: store this number field as Postgres `bigint`. */
export const bigintColumn = { switchboard: { column: 'bigint' } } as const

/**
 * A number field stored as `bigint` instead of Payload's default `numeric`. Telegram ids exceed
 * 32 bits and are compared and indexed constantly; they stay below 2^53, so JS numbers hold them.
 */
export const bigintNumber = (field: {
  name: string
  label?: string
  required?: boolean
  unique?: boolean
  index?: boolean
  defaultValue?: number
  admin?: NumberField['admin']
}): NumberField => ({
  ...field,
  type: 'number',
  custom: bigintColumn,
  admin: { step: 1, ...field.admin },
})

export const isBigintField = (field: { custom?: Record<string, unknown> }): boolean =>
  (field.custom?.switchboard as { column?: string } | undefined)?.column === 'bigint'
