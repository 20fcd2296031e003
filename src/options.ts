import type { ResolvedSwitchboardOptions, SwitchboardOptions, SwitchboardSlugs } from './types'

export const defaultSlugs: SwitchboardSlugs = {
  chatTokens: 'chat-tokens',
  conversations: 'conversations',
  labels: 'labels',
  messages: 'messages',
  syncLeases: 'sync-leases',
  telegramAccounts: 'telegram-accounts',
  telegramUsers: 'telegram-users',
}

export const resolveOptions = (options: SwitchboardOptions = {}): ResolvedSwitchboardOptions => ({
  usersCollection: options.usersCollection ?? 'users',
  slugs: { ...defaultSlugs, ...options.slugs },
  overrides: options.overrides ?? {},
  adminGroup: options.adminGroup ?? 'Switchboard',
  disabled: options.disabled ?? false,
  chatTokens: { defaultExpiryDays: options.chatTokens?.defaultExpiryDays ?? 7 },
})
