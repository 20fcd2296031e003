/** The product's own teardown, which also closes the extra senders GramJS 2.26 leaks. */
export { destroyTelegramClient as destroyClient } from '../../../packages/payload-plugin/src/telegram/client'
