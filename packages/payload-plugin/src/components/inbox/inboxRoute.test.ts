import { describe, expect, it } from 'vitest'

import { adminPrefix, conversationInPath, inboxBasePath, inboxHref, routeKey } from './inboxRoute'

describe('inbox addresses', () => {
  it('puts the inbox under the admin route, also when the admin is at the root', () => {
    expect(adminPrefix('/admin')).toBe('/admin')
    expect(adminPrefix('/')).toBe('')
    expect(inboxBasePath('/admin')).toBe('/admin/inbox')
    expect(inboxBasePath('/')).toBe('/inbox')
  })

  it('names the list, a conversation, and a message in it, encoded', () => {
    expect(inboxHref('/admin/inbox')).toBe('/admin/inbox')
    expect(inboxHref('/admin/inbox', 42)).toBe('/admin/inbox/42')
    expect(inboxHref('/admin/inbox', 42, 7)).toBe('/admin/inbox/42?message=7')
    expect(inboxHref('/admin/inbox', 'a/b c', 'x&y')).toBe('/admin/inbox/a%2Fb%20c?message=x%26y')
  })

  it('reads the conversation back from a pathname', () => {
    expect(conversationInPath('/admin/inbox', '/admin/inbox')).toBeUndefined()
    expect(conversationInPath('/admin/inbox/', '/admin/inbox')).toBeUndefined()
    expect(conversationInPath('/admin/inbox/42', '/admin/inbox')).toBe('42')
    expect(conversationInPath('/admin/inbox/a%2Fb%20c/extra', '/admin/inbox')).toBe('a/b c')
    expect(conversationInPath('/admin/collections/conversations/42', '/admin/inbox')).toBeUndefined()
    const href = inboxHref('/inbox', 'a/b c')
    expect(conversationInPath(href, '/inbox')).toBe('a/b c')
  })

  it('keys a conversation and message pair, empty parts included', () => {
    expect(routeKey('42', '7')).toBe('42|7')
    expect(routeKey('42')).toBe('42|')
    expect(routeKey()).toBe('|')
  })
})
