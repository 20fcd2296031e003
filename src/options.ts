import type { Payload } from 'payload'

import type { ResolvedSwitchboardOptions, SwitchboardOptions, SwitchboardSlugs } from './types'

export const defaultSlugs: SwitchboardSlugs = {
  chatTokens: 'chat-tokens',
  conversations: 'conversations',
  labels: 'labels',
  messages: 'messages',
  messageVolume: 'message-volume',
  syncLeases: 'sync-leases',
  telegramAccounts: 'telegram-accounts',
  telegramUsers: 'telegram-users',
}

const resolveStream = (stream: SwitchboardOptions['stream'] = {}): ResolvedSwitchboardOptions['stream'] => {
  const apiKey = stream.apiKey ?? process.env.STREAM_API_KEY
  const apiSecret = stream.apiSecret ?? process.env.STREAM_API_SECRET
  if (!apiKey || !apiSecret) return undefined
  return {
    apiKey,
    apiSecret,
    baseURL: stream.baseURL ?? (process.env.STREAM_BASE_URL || undefined),
    idPrefix: stream.idPrefix ?? 'sb',
    channelType: stream.channelType ?? 'messaging',
    mirroredSources: stream.mirroredSources ?? ['direct', 'widget'],
    companyChannelRole: stream.companyChannelRole ?? 'channel_moderator',
  }
}

export const resolveOptions = (options: SwitchboardOptions = {}): ResolvedSwitchboardOptions => ({
  usersCollection: options.usersCollection ?? 'users',
  slugs: { ...defaultSlugs, ...options.slugs },
  overrides: options.overrides ?? {},
  adminGroup: options.adminGroup ?? 'Switchboard',
  disabled: options.disabled ?? false,
  chatTokens: { defaultExpiryDays: options.chatTokens?.defaultExpiryDays ?? 7 },
  chat: {
    sessionTtlMinutes: options.chat?.sessionTtlMinutes ?? 24 * 60,
    maxMessageLength: options.chat?.maxMessageLength ?? 4000,
    sessionsPerMinutePerIp: options.chat?.sessionsPerMinutePerIp ?? 10,
    sessionsPerMinutePerToken: options.chat?.sessionsPerMinutePerToken ?? 30,
    registrationsPerHourPerIp: options.chat?.registrationsPerHourPerIp ?? 10,
    chatPageUrl: options.chat?.chatPageUrl ?? '/chat-demo',
  },
  stream: resolveStream(options.stream),
})

/** The options the running app was configured with (the plugin keeps them in `config.custom`). */
export const switchboardOptionsOf = (payload: Payload): ResolvedSwitchboardOptions => {
  const options = (payload.config.custom as { switchboard?: ResolvedSwitchboardOptions } | undefined)?.switchboard
  if (!options) throw new Error('switchboardPlugin is not installed in this Payload config.')
  return options
}
