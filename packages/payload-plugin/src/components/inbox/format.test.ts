import { describe, expect, it } from 'vitest'

import {
  compareMessages,
  conversationTitle,
  dayKey,
  dayLabel,
  excerpt,
  labelColor,
  labelIdsOf,
  labelsOf,
  mediaDescription,
  newClientMessageId,
  participantNames,
  personName,
  safeUrl,
  serviceText,
  shortWhen,
  sizeOf,
  timeOf,
} from './format'

describe('conversationTitle', () => {
  it('is the trimmed title, or names the conversation by id', () => {
    expect(conversationTitle({ id: 7, title: '  Billing  ' })).toBe('Billing')
    expect(conversationTitle({ id: 7, title: '   ' })).toBe('Conversation 7')
    expect(conversationTitle({ id: 'abc', title: null })).toBe('Conversation abc')
  })
})

describe('times', () => {
  const now = new Date(2026, 2, 10, 15, 0)

  it('shows the time for today, the day before, and nothing for missing or broken dates', () => {
    const today = new Date(2026, 2, 10, 9, 30).toISOString()
    expect(shortWhen(today, now)).toBe(timeOf(today))
    expect(shortWhen(new Date(2026, 0, 3).toISOString(), now)).not.toBe(shortWhen(new Date(2025, 0, 3).toISOString(), now))
    expect(shortWhen(undefined, now)).toBe('')
    expect(shortWhen('yesterday-ish', now)).toBe('')
    expect(timeOf(null)).toBe('')
  })

  it('names today and yesterday, and keys local calendar days', () => {
    expect(dayLabel(new Date(2026, 2, 10, 0, 5).toISOString(), now)).toBe('Today')
    expect(dayLabel(new Date(2026, 2, 9, 23, 55).toISOString(), now)).toBe('Yesterday')
    expect(dayLabel(new Date(2026, 2, 1).toISOString(), now)).not.toMatch(/Today|Yesterday/)
    expect(dayKey(new Date(2026, 2, 9, 0, 1).toISOString())).toBe(dayKey(new Date(2026, 2, 9, 23, 59).toISOString()))
    expect(dayKey(new Date(2026, 2, 9).toISOString())).not.toBe(dayKey(new Date(2026, 2, 10).toISOString()))
    expect(dayKey('')).toBe('')
  })
})

describe('people', () => {
  it('names a person by display name, full name, @username, then email; not by a bare id', () => {
    expect(personName({ id: 1, displayName: 'Ann', firstName: 'A', email: 'a@x' })).toBe('Ann')
    expect(personName({ id: 1, firstName: 'Ann', lastName: 'Lee' })).toBe('Ann Lee')
    expect(personName({ id: 1, username: 'ann' })).toBe('@ann')
    expect(personName({ id: 1, email: 'ann@example.com' })).toBe('ann@example.com')
    expect(personName({ id: 1 })).toBeUndefined()
    expect(personName(5)).toBeUndefined()
    expect(participantNames([{ relationTo: 'users', value: { id: 1, displayName: 'Ann' } }, { relationTo: 'users', value: 2 }])).toEqual(['Ann'])
    expect(participantNames(null)).toEqual([])
  })
})

describe('labels', () => {
  const known = [
    { id: 1, name: 'VIP', color: '#FF0000' },
    { id: 2, name: 'Bug', color: 'red' },
  ]

  it('resolves bare ids against the known labels and drops unknown ones', () => {
    expect(labelsOf({ labels: ['1', { id: 3, name: 'New' }, 9] }, known).map((label) => label.name)).toEqual(['VIP', 'New'])
    expect(labelIdsOf({ labels: [1, { id: 3, name: 'New' }] })).toEqual(['1', '3'])
    expect(labelIdsOf({ labels: null })).toEqual([])
  })

  it('uses only #rrggbb colours, else grey', () => {
    expect(labelColor(known[0]!)).toBe('#FF0000')
    expect(labelColor(known[1]!)).toBe('#64748b')
    expect(labelColor({ color: null })).toBe('#64748b')
  })
})

describe('media', () => {
  it('sizes files in B, KB and MB', () => {
    expect(sizeOf(undefined)).toBe('')
    expect(sizeOf(0)).toBe('')
    expect(sizeOf(512)).toBe('512 B')
    expect(sizeOf(300 * 1024)).toBe('300 KB')
    expect(sizeOf(2.5 * 1024 * 1024)).toBe('2.5 MB')
  })

  it('describes an attachment by kind, name and size', () => {
    expect(mediaDescription({ mediaType: 'document', mediaFileName: 'report.pdf', mediaSize: 2.1 * 1024 * 1024 })).toBe('File: report.pdf (2.1 MB)')
    expect(mediaDescription({ mediaType: 'photo' })).toBe('Photo')
    expect(mediaDescription({ mediaType: 'hologram' as never })).toBe('Attachment')
  })
})

describe('safeUrl', () => {
  const origin = 'https://admin.example.com'

  it('allows http(s) and same-origin paths, never javascript: or data:', () => {
    expect(safeUrl('/api/media/1', origin)).toBe('https://admin.example.com/api/media/1')
    expect(safeUrl('http://cdn.example.com/a.png', origin)).toBe('http://cdn.example.com/a.png')
    expect(safeUrl('javascript:alert(1)', origin)).toBeUndefined()
    expect(safeUrl('data:text/html,<b>x</b>', origin)).toBeUndefined()
    expect(safeUrl('http://[broken', origin)).toBeUndefined()
    expect(safeUrl(null, origin)).toBeUndefined()
  })
})

describe('message text', () => {
  it('makes Telegram action names readable when a service message has no text', () => {
    expect(serviceText({ text: 'Ann joined', serviceAction: 'messageActionChatJoinedByLink' })).toBe('Ann joined')
    expect(serviceText({ text: null, serviceAction: 'messageActionChatJoinedByLink' })).toBe('Chat joined by link')
    expect(serviceText({ text: '  ', serviceAction: null })).toBe('Service message')
  })

  it('excerpts text, describes media, and says when a message was deleted', () => {
    expect(excerpt({ text: 'Hello there' })).toBe('Hello there')
    expect(excerpt({ text: 'x'.repeat(100) }, 10)).toBe(`${'x'.repeat(9)}…`)
    expect(excerpt({ kind: 'media', mediaType: 'voice' })).toBe('Voice message')
    expect(excerpt({ text: 'gone', deletedAt: '2026-01-01T00:00:00Z' })).toBe('Deleted message')
  })

  it('orders messages by time, then numerically by id, then by id as text', () => {
    const at = '2026-01-01T10:00:00Z'
    const messages = [
      { id: 10, sentAt: at },
      { id: 9, sentAt: at },
      { id: 1, sentAt: '2026-01-01T11:00:00Z' },
      { id: 'b', sentAt: 'unknown' },
      { id: 'a', sentAt: 'unknown' },
    ]
    expect([...messages].sort(compareMessages).map((message) => message.id)).toEqual([9, 10, 1, 'a', 'b'])
  })

  it('makes a random hex idempotency key for each reply', () => {
    const id = newClientMessageId()
    expect(id).toMatch(/^staff-[0-9a-f]{32}$/)
    expect(newClientMessageId()).not.toBe(id)
  })
})
