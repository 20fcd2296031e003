import { describe, expect, it } from 'vitest'

import { parseSearchQuery } from './searchQuery'

const text = (value: string, negated = false) => ({ kind: 'text', text: value, negated })
const prefix = (value: string, negated = false) => ({ kind: 'prefix', text: value, negated })

describe('parseSearchQuery', () => {
  it('reads words as terms that must all match', () => {
    expect(parseSearchQuery('delivery  tomorrow')).toEqual([[text('delivery'), text('tomorrow')]])
    expect(parseSearchQuery('заказ')).toEqual([[text('заказ')]])
  })

  it('keeps a quoted phrase whole, also when the quote is not closed', () => {
    expect(parseSearchQuery('"refund parcel" now')).toEqual([[text('refund parcel'), text('now')]])
    expect(parseSearchQuery('"refund parcel')).toEqual([[text('refund parcel')]])
  })

  it('negates -word, -"phrase" and -prefix*', () => {
    expect(parseSearchQuery('courier -tracking -"late parcel" -parc*')).toEqual([
      [text('courier'), text('tracking', true), text('late parcel', true), prefix('parc', true)],
    ])
    expect(parseSearchQuery('a - b')).toEqual([[text('a'), text('b')]])
  })

  it('splits alternatives at or; or at the edges or twice is a word', () => {
    expect(parseSearchQuery('a b OR c d')).toEqual([[text('a'), text('b')], [text('c'), text('d')]])
    expect(parseSearchQuery('or login')).toEqual([[text('or'), text('login')]])
    expect(parseSearchQuery('login or')).toEqual([[text('login'), text('or')]])
    expect(parseSearchQuery('a or or b')).toEqual([[text('a')], [text('or'), text('b')]])
  })

  it('reads word* as a lower-case prefix, also next to or', () => {
    expect(parseSearchQuery('Crash* or login')).toEqual([[prefix('crash')], [text('login')]])
    expect(parseSearchQuery('заК*')).toEqual([[prefix('зак')]])
  })

  it('leaves anything else with * or tsquery operators to Postgres as plain text', () => {
    expect(parseSearchQuery("a:* b&c* !d '; drop table")).toEqual([
      [text('a:*'), text('b&c*'), text('!d'), text("';"), text('drop'), text('table')],
    ])
  })

  it('has no terms for nothing but spaces and dashes', () => {
    expect(parseSearchQuery('  - ')).toEqual([])
  })
})
