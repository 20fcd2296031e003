/** The jobs queue Switchboard's tasks run on; the worker runs it (`payload jobs:run --queue switchboard`). */
export const switchboardQueue = 'switchboard'

/**
 * Telegram's tasks (discovery, history, media) have a queue of their own: they need the
 * account's connection, which only one process may hold at a time.
 */
export const telegramQueue = 'switchboard-telegram'
