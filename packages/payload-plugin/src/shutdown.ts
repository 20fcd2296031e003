import type { Payload } from 'payload'

import { stopRealtimeHub } from './realtime/hub'
import { closeTelegramClients } from './telegram/clientPool'

/**
 * Closes what Switchboard holds open in this process beside Payload's own connections: the
 * realtime LISTEN connection and Telegram clients. Call it before `payload.destroy()` in a script
 * or test that must end; a running server never needs it.
 */
export const stopSwitchboard = async (payload: Payload): Promise<void> => {
  await stopRealtimeHub(payload)
  await closeTelegramClients(payload)
}
