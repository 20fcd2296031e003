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
