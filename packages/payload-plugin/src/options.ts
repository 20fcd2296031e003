import type { Payload } from 'payload'

import path from 'node:path'

import type { ResolvedSwitchboardOptions, ResolvedTelegramOptions, SwitchboardOptions, SwitchboardSlugs } from './types'

export const defaultSlugs: SwitchboardSlugs = {
  attachments: 'chat-attachments',
  cannedReplies: 'canned-replies',
  chatSessions: 'chat-sessions',
  chatTokens: 'chat-tokens',
  conversations: 'conversations',
  labels: 'labels',
  media: 'telegram-media',
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
    webhookMaxBytes: stream.webhookMaxBytes ?? 1024 * 1024,
  }
}

const resolveTelegram = (telegram: SwitchboardOptions['telegram'] = {}): ResolvedTelegramOptions => ({
  apiId: telegram.apiId ?? Number(process.env.TELEGRAM_API_ID || 0),
  apiHash: telegram.apiHash ?? process.env.TELEGRAM_API_HASH ?? '',
  encryptionKey: telegram.encryptionKey ?? (process.env.SWITCHBOARD_ENCRYPTION_KEY || undefined),
  previousEncryptionKeys:
    telegram.previousEncryptionKeys ??
    (process.env.SWITCHBOARD_ENCRYPTION_KEY_PREVIOUS ?? '').split(',').map((key) => key.trim()).filter(Boolean),
  loginSession: telegram.loginSession ?? process.env.TELEGRAM_LOGIN_SESSION ?? '',
  dialAddress: telegram.dialAddress ?? (process.env.TELEGRAM_DIAL_ADDRESS || undefined),
  discoverySchedule: telegram.discoverySchedule ?? '*/15 * * * *',
  historyPageSize: Math.min(100, Math.max(1, telegram.historyPageSize ?? 100)),
  floodSleepMaxSeconds: telegram.floodSleepMaxSeconds ?? 30,
  floodRetries: telegram.floodRetries ?? 3,
  recheckWindow: Math.min(100, Math.max(0, telegram.recheckWindow ?? 50)),
  media: {
    enabled: telegram.media?.enabled ?? true,
    maxBytes: telegram.media?.maxBytes ?? 20 * 1024 * 1024,
    concurrencyPerAccount: Math.min(3, Math.max(1, telegram.media?.concurrencyPerAccount ?? 3)),
    staticDir: telegram.media?.staticDir ?? path.resolve(process.cwd(), '.data/media'),
  },
})

/** A whole, non-negative cap (0: no cap). */
const cap = (value: number | undefined, fallback: number): number => Math.max(0, Math.floor(value ?? fallback))

export const resolveOptions = (options: SwitchboardOptions = {}): ResolvedSwitchboardOptions => ({
  usersCollection: options.usersCollection ?? 'users',
  slugs: { ...defaultSlugs, ...options.slugs },
  overrides: options.overrides ?? {},
  adminGroup: options.adminGroup ?? 'Switchboard',
  disabled: options.disabled ?? false,
  trustedProxies: Math.max(0, Math.floor(options.trustedProxies ?? 0)),
  maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
  chatTokens: { defaultExpiryDays: options.chatTokens?.defaultExpiryDays ?? 7 },
  assignment: { autoAssign: options.assignment?.autoAssign ?? false },
  notifications: {
    emailOnAssign: options.notifications?.emailOnAssign ?? false,
    emailAfterWaitingMinutes: options.notifications?.emailAfterWaitingMinutes || undefined,
  },
  chat: {
    sessionTtlMinutes: options.chat?.sessionTtlMinutes ?? 24 * 60,
    resumeWindowMinutes: options.chat?.resumeWindowMinutes ?? 7 * 24 * 60,
    maxMessageLength: options.chat?.maxMessageLength ?? 4000,
    sessionsPerMinutePerIp: options.chat?.sessionsPerMinutePerIp ?? 10,
    sessionsPerMinutePerToken: options.chat?.sessionsPerMinutePerToken ?? 30,
    registrationsPerHourPerIp: options.chat?.registrationsPerHourPerIp ?? 10,
    chatPageUrl: options.chat?.chatPageUrl ?? '/chat-demo',
  },
  realtime: {
    maxStreamsPerSession: cap(options.realtime?.maxStreamsPerSession, 5),
    maxStreamsPerAddress: cap(options.realtime?.maxStreamsPerAddress, 50),
    maxStreamsPerUser: cap(options.realtime?.maxStreamsPerUser, 10),
    healthCheckSeconds: Math.max(1, options.realtime?.healthCheckSeconds ?? 15),
  },
  attachments: {
    maxBytes: Math.max(1, Math.floor(options.attachments?.maxBytes ?? 10 * 1024 * 1024)),
    mimeTypes: options.attachments?.mimeTypes ?? ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'],
    uploadsPerMinutePerSession: options.attachments?.uploadsPerMinutePerSession ?? 10,
    staticDir: options.attachments?.staticDir ?? path.resolve(process.cwd(), '.data/attachments'),
  },
  stream: resolveStream(options.stream),
  telegram: resolveTelegram(options.telegram),
})

/** The options the running app was configured with (the plugin keeps them in `config.custom`). */
export const switchboardOptionsOf = (payload: Payload): ResolvedSwitchboardOptions => {
  const options = (payload.config.custom as { switchboard?: ResolvedSwitchboardOptions } | undefined)?.switchboard
  if (!options) throw new Error('switchboardPlugin is not installed in this Payload config.')
  return options
}
