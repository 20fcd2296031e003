import { describe, expect, it } from 'vitest'

import { clientAddress } from '../../packages/payload-plugin/src/security/clientAddress'

describe('the client address', () => {
  const headers = (xff?: string) => new Headers(xff === undefined ? {} : { 'x-forwarded-for': xff })

  it('is the rightmost X-Forwarded-For entry (the connection, appended by our server) with no proxy in front', () => {
    expect(clientAddress(headers('6.6.6.6, 203.0.113.9'), 0)).toBe('203.0.113.9')
    expect(clientAddress(headers('203.0.113.9'), 0)).toBe('203.0.113.9')
  })

  it('is as many entries left of that as there are trusted proxies, never what the client wrote further left', () => {
    expect(clientAddress(headers('6.6.6.6, 198.51.100.7, 10.0.0.2'), 1)).toBe('198.51.100.7')
    expect(clientAddress(headers('1.1.1.1, 6.6.6.6, 198.51.100.7, 10.0.0.5, 10.0.0.2'), 2)).toBe('198.51.100.7')
  })

  it('reads proxies’ formats: ports, brackets, IPv4-mapped IPv6; anything else is "unknown"', () => {
    expect(clientAddress(headers('198.51.100.7:51234'), 0)).toBe('198.51.100.7')
    expect(clientAddress(headers('[2001:DB8::1]:443'), 0)).toBe('2001:db8::1')
    expect(clientAddress(headers('::ffff:127.0.0.1'), 0)).toBe('127.0.0.1')
    expect(clientAddress(headers('not-an-address'), 0)).toBe('unknown')
    expect(clientAddress(headers(), 0)).toBe('unknown')
  })
})
