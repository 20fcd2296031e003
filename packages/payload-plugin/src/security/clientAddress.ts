import { isIP } from 'node:net'

/** `1.2.3.4:5678` and `[2001:db8::1]:443` as some proxies write them, without the port. */
const withoutPort = (entry: string): string => {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry)
  if (bracketed) return bracketed[1]!
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry)
  return v4WithPort ? v4WithPort[1]! : entry
}

/** IPv4 clients of a dual-stack socket show up as `::ffff:1.2.3.4`: one client, one address. */
const normalize = (address: string): string => address.replace(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i, '$1').toLowerCase()

/**
 * The client's address, counted by rate limits. Each proxy appends the address it received the
 * request from to `X-Forwarded-For`, and the app's own server (`scripts/serve.ts`) appends the
 * connection's: so the rightmost entry is the immediate peer, and with `trustedProxies` proxies in
 * front, the client is that many entries further left. Entries left of that were written by the
 * client itself and could say anything, so they are never used. `unknown` when the entry is
 * missing or is not an IP address (every such request then shares one limit).
 */
export const clientAddress = (headers: Headers, trustedProxies: number): string => {
  // Headers joins repeated X-Forwarded-For headers with ", ", in order: one list either way.
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  // Fewer entries than proxies: the leftmost is still one a trusted party wrote.
  const entry = entries[Math.max(0, entries.length - 1 - trustedProxies)]
  const address = entry ? withoutPort(entry) : ''
  return isIP(address) ? normalize(address) : 'unknown'
}
