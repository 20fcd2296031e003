import { describe, expect, it } from 'vitest'

import type { CannedReply } from './types'

import { insertCannedReply, matchCannedReplies, slashQueryAt } from './cannedMatch'

const replies: CannedReply[] = [
  { id: 1, title: 'Greeting', text: 'Hello! How can I help?', shortcut: 'hi' },
  { id: 2, title: 'Refund policy', text: 'Refunds take 3 working days.', shortcut: 'refund' },
  { id: 3, title: 'Shipping', text: 'We ship worldwide; refunds are separate.' },
  { id: 4, title: 'Our hours', text: 'We answer 9–17 on weekdays.', shortcut: 'open' },
]

describe('slashQueryAt', () => {
  it('finds a / at the start or after a space, up to the caret, lower-cased', () => {
    expect(slashQueryAt('/', 1)).toEqual({ start: 0, query: '' })
    expect(slashQueryAt('Thanks! /Ref', 12)).toEqual({ start: 8, query: 'ref' })
    expect(slashQueryAt('Thanks! /Refund policy', 12)).toEqual({ start: 8, query: 'ref' })
    expect(slashQueryAt('line one\n/ho', 12)).toEqual({ start: 9, query: 'ho' })
  })

  it('is no lookup inside a word, a URL or after a space', () => {
    expect(slashQueryAt('and/or', 6)).toBeUndefined()
    expect(slashQueryAt('see https://a/b', 15)).toBeUndefined()
    expect(slashQueryAt('see /a b', 8)).toBeUndefined()
    expect(slashQueryAt('', 0)).toBeUndefined()
  })
})

describe('matchCannedReplies', () => {
  const ids = (query: string, limit?: number) => matchCannedReplies(replies, query, limit).map((reply) => reply.id)

  it('ranks shortcut prefixes, then title prefixes, then titles and texts containing the query', () => {
    expect(ids('')).toEqual([1, 2, 3, 4])
    expect(ids('refund')).toEqual([2, 3])
    expect(ids('hour')).toEqual([4])
    expect(ids('o')).toEqual([4, 2, 1, 3])
    expect(ids('zzz')).toEqual([])
  })

  it('returns at most `limit` replies', () => {
    expect(ids('', 2)).toEqual([1, 2])
    expect(ids('e', 1)).toHaveLength(1)
  })
})

describe('insertCannedReply', () => {
  it('replaces the /query with the reply and puts the caret after it', () => {
    const value = 'Thanks! /ref and bye'
    const at = slashQueryAt(value, 12)!
    expect(insertCannedReply(value, at, 12, replies[1]!)).toEqual({ value: 'Thanks! Refunds take 3 working days. and bye', caret: 36 })
  })
})
