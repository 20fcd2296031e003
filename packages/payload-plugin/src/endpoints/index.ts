import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { streamWebhookEndpoint } from '../stream/webhook'
import { chatAttachmentsEndpoints } from './chatAttachments'
import { chatEventsEndpoint } from './chatEvents'
import { chatIdentifyEndpoint } from './chatIdentify'
import { chatMessagesEndpoints } from './chatMessages'
import { chatSessionsEndpoints } from './chatSessions'
import { healthEndpoint } from './health'
import { inboxCountsEndpoint } from './inboxCounts'
import { searchEndpoint } from './search'
import { staffEventsEndpoint } from './staffEvents'
import { statsEndpoints } from './stats'
import { streamResyncEndpoint } from './streamResync'
import { telegramLoginEndpoints } from './telegramLogin'
import { telegramRetrySendEndpoint } from './telegramRetrySend'
import { telegramSyncEndpoints } from './telegramSync'
import { telegramVerificationEndpoints } from './telegramVerification'
import { typingEndpoints } from './typing'
import { userLinksEndpoint } from './userLinks'

/**
 * Every REST endpoint Switchboard adds to Payload's API (under `/api/switchboard/…`): none when
 * the plugin is disabled, the Stream ones only with Stream configured. Collection endpoints (the
 * Telegram user link actions) stay with their collection.
 */
export const switchboardEndpoints = (options: ResolvedSwitchboardOptions): Endpoint[] => {
  if (options.disabled) return []
  return [
    healthEndpoint(options),
    userLinksEndpoint(options),
    ...chatSessionsEndpoints(options),
    ...chatMessagesEndpoints(options),
    ...chatAttachmentsEndpoints(options),
    chatEventsEndpoint(options),
    chatIdentifyEndpoint(options),
    searchEndpoint(options),
    ...statsEndpoints(options),
    staffEventsEndpoint(options),
    inboxCountsEndpoint(options),
    ...typingEndpoints(options),
    ...telegramLoginEndpoints(options),
    ...telegramSyncEndpoints(options),
    telegramRetrySendEndpoint(options),
    ...telegramVerificationEndpoints(options),
    ...(options.stream ? [streamWebhookEndpoint(options, options.stream), streamResyncEndpoint(options, options.stream)] : []),
  ]
}
