import { describe, expect, it } from 'vitest'

import { chatLinkFor, defaultExpiry, localDateTimeValue } from './chatLink'

describe('chatLinkFor', () => {
  it('adds the token to the chat page, made absolute on this admin’s origin when relative', () => {
    expect(chatLinkFor('/chat-demo', 'abc', 'https://admin.example.com')).toBe('https://admin.example.com/chat-demo?token=abc')
    expect(chatLinkFor('https://shop.example.com/help?lang=de', 'a+b', 'https://admin.example.com')).toBe('https://shop.example.com/help?lang=de&token=a%2Bb')
    expect(chatLinkFor('', 'abc', 'https://admin.example.com')).toBe('https://admin.example.com/?token=abc')
  })
})

describe('expiry', () => {
  it('writes local time as datetime-local inputs read it', () => {
    expect(localDateTimeValue(new Date(2026, 0, 5, 9, 7, 59))).toBe('2026-01-05T09:07')
  })

  it('defaults to the given number of days from now', () => {
    const now = new Date('2026-01-01T12:00:00Z')
    expect(defaultExpiry(7, now).toISOString()).toBe('2026-01-08T12:00:00.000Z')
  })
})
