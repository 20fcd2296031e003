/** Dates in full, as the admin panels show them (inbox, linking, Telegram sync, chat tokens). */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** A date for people; empty for missing or unparseable input. */
export const formatDate = (value: null | string | undefined): string => {
  if (!value) return ''
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date)
}
