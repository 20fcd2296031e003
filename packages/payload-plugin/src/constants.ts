import type * as client from './exports/client'
import type * as rsc from './exports/rsc'

// The names Switchboard's modules agree on: admin component paths, job task slugs and queues,
// and request-context keys. Each is written once, here; the modules that use one import it.

/** The npm name the import map resolves component paths against. */
export const packageName = '@switchboard/payload-plugin'

type Exported<T> = Extract<{ [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T], string>

/**
 * Import-map path of a client component exported from `src/exports/client.ts`:
 * `<package>/client#<name>`, as the official plugins register theirs. `payload generate:importmap`
 * turns each into an import of the package's `./client` ('use client' components).
 */
export const clientComponent = (name: Exported<typeof client>): string => `${packageName}/client#${name}`

/** Import-map path of a server component exported from `src/exports/rsc.ts`. */
export const serverComponent = (name: Exported<typeof rsc>): string => `${packageName}/rsc#${name}`

// Job task slugs (the `task_slug` of payload_jobs rows).
export const relinkTaskSlug = 'switchboardRelink'
export const refreshStatsTaskSlug = 'switchboardRefreshStats'
export const assignmentEmailTask = 'switchboardAssignmentEmail'
export const waitingEmailTask = 'switchboardWaitingEmail'
export const wakeSnoozedTask = 'switchboardWakeSnoozed'
export const streamSyncConversationTask = 'switchboardStreamSyncConversation'
export const streamSyncMessageTask = 'switchboardStreamSyncMessage'
/** The Stream mirror's tasks (its health counts their failures). */
export const streamTaskSlugs = [streamSyncConversationTask, streamSyncMessageTask]
export const telegramDiscoverTask = 'switchboardTelegramDiscover'
export const telegramHistoryTask = 'switchboardTelegramHistory'
export const telegramMediaTask = 'switchboardTelegramMedia'
export const telegramSendTask = 'switchboardTelegramSend'

/** The jobs queue Switchboard's tasks run on; the worker runs it (`payload jobs:run --queue switchboard`). */
export const switchboardQueue = 'switchboard'

/**
 * Telegram's scheduled fan-out (discovery for every account) runs on this queue; the work for
 * one account runs on that account's own queue (`telegramAccountQueue`).
 */
export const telegramQueue = 'switchboard-telegram'

/**
 * An account's Telegram work (discovery, history, media, replies) needs its connection, which
 * only the worker holding the account's lease may open: that worker runs this queue.
 */
export const telegramAccountQueue = (accountId: number | string) => `${telegramQueue}:${accountId}`

// Request-context keys (`req.context[key]`).

/**
 * Set on writes that carry Telegram's own data: Telegram's values are stored as they are
 * (4-letter collectible usernames included), not judged by the rules for staff input.
 */
export const fromTelegramContext = 'switchboardFromTelegram'

/**
 * Set on writes the Stream mirror makes itself (job status, a message that came from a Stream
 * webhook), so the outbox hooks do not send them straight back.
 */
export const fromStreamContext = 'switchboardFromStream'

/** Set by code that writes link fields itself, so the telegram-users hook does not decide again. */
export const linkingContextKey = 'switchboardLinking'

/** Carries a conversation change that the Stream mirror must follow from `beforeChange` to `afterChange`. */
export const queueStreamSyncContext = 'switchboardQueueStreamSync'

/** Carries a newly issued chat token's plaintext from `beforeChange` to the response (it is stored hashed). */
export const plaintextTokenContext = 'switchboardPlaintextToken'

/** The worker running a jobs batch (its account leases, shutdown signal, heartbeat): see `workerOf`. */
export const workerContext = 'switchboardWorker'
