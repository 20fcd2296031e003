import { describe, expect, it } from 'vitest'

import { linkify } from '../src/linkify'

describe('linkify', () => {
  it('splits text around http(s) links and leaves the rest as text', () => {
    expect(linkify('See https://example.com/a?b=1 and http://x.test.')).toEqual([
      'See ',
      { href: 'https://example.com/a?b=1', text: 'https://example.com/a?b=1' },
      ' and ',
      { href: 'http://x.test/', text: 'http://x.test' },
      '.',
    ])
  })

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://x.test/a', 'mailto:a@b.test', 'xhttps://x.test']) {
      expect(linkify(text)).toEqual([text])
    }
  })

  it('keeps trailing punctuation and unbalanced parentheses out of a link, balanced ones in', () => {
    expect(linkify('(see https://x.test/a), or https://en.wikipedia.org/wiki/Lit_(software)!')).toEqual([
      '(see ',
      { href: 'https://x.test/a', text: 'https://x.test/a' },
      '), or ',
      { href: 'https://en.wikipedia.org/wiki/Lit_(software)', text: 'https://en.wikipedia.org/wiki/Lit_(software)' },
      '!',
    ])
  })

  it('stops a link at quotes and angle brackets', () => {
    expect(linkify('<a href="https://x.test/">')).toEqual(['<a href="', { href: 'https://x.test/', text: 'https://x.test/' }, '">'])
  })

  it('returns text without links as one piece, and nothing for empty text', () => {
    expect(linkify('plain')).toEqual(['plain'])
    expect(linkify('')).toEqual([])
  })
})
