import type { Message } from './payload-types'

const previewLength = 140

/** What the inbox list shows for a message: its text, else what it is. */
export const messagePreview = (doc: Partial<Pick<Message, 'kind' | 'mediaType' | 'serviceAction' | 'text'>>): string => {
  const text = doc.text?.trim().replace(/\s+/g, ' ') ?? ''
  if (text) return text.slice(0, previewLength)
  if (doc.kind === 'service') return String(doc.serviceAction ?? 'Service message')
  if (doc.kind === 'media') return `[${String(doc.mediaType ?? 'media')}]`
  return ''
}
