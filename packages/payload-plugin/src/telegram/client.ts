// Root imports only: a deep import ('telegram/sessions') is bundled as a second copy by Next,
// and GramJS then rejects its StringSession as an unknown session type.
import { extensions, Logger, sessions, TelegramClient } from 'telegram'

import type { ResolvedTelegramOptions } from '../types'

export class TelegramConfigError extends Error {}

/** GramJS logs to the console by itself; Switchboard reports through Payload's logger instead. */
const quietLogger = () => new Logger('error' as ConstructorParameters<typeof Logger>[0])

/**
 * A socket class that dials `host:port` whatever address GramJS picks: GramJS ignores the port of
 * a session and always dials 80 (443 for media), so a server elsewhere needs this.
 */
const dialSocket = (address: string | undefined) => {
  if (!address) return undefined
  const at = address.lastIndexOf(':')
  const host = address.slice(0, at)
  const port = Number(address.slice(at + 1))
  return class DialSocket extends extensions.PromisedNetSockets {
    override connect(_port: number, _ip: string) {
      return super.connect(port, host)
    }
  }
}

/**
 * A GramJS client for one session string. FloodWaits are never slept inside GramJS
 * (`floodSleepThreshold: 0`): `withFloodWait` decides, so long waits reschedule the job.
 */
export const createTelegramClient = (session: string, telegram: ResolvedTelegramOptions): TelegramClient => {
  if (!telegram.apiId || !telegram.apiHash)
    throw new TelegramConfigError(
      'TELEGRAM_API_ID and TELEGRAM_API_HASH are not set. Create an app at https://my.telegram.org, set both, and restart.',
    )
  const networkSocket = dialSocket(telegram.dialAddress)
  return new TelegramClient(new sessions.StringSession(session), telegram.apiId, telegram.apiHash, {
    ...(networkSocket ? { networkSocket } : {}),
    baseLogger: quietLogger(),
    connectionRetries: 3,
    floodSleepThreshold: 0,
    deviceModel: 'Switchboard',
    appVersion: '0.1.0',
  })
}

/** The session string of a client, to store (sealed) after login or when GramJS changes DC. */
export const sessionString = (client: TelegramClient): string => (client.session as sessions.StringSession).save()

interface ExportedSenders {
  _exportedSenderPromises: Map<number, Promise<{ disconnect(): Promise<void> } | undefined>>
  _exportedSenderReleaseTimeouts: Map<number, ReturnType<typeof setTimeout>>
}

/**
 * `client.destroy()`, plus what GramJS 2.26 forgets: its disconnect() walks the Maps of extra
 * senders with Object.values() (always empty for a Map), so a sender opened by a media download
 * from another DC stays connected, and its 30 s release timer keeps the process alive.
 */
export const destroyTelegramClient = async (client: TelegramClient): Promise<void> => {
  const internals = client as unknown as ExportedSenders
  const senders = [...(internals._exportedSenderPromises?.values() ?? [])]
  for (const timer of internals._exportedSenderReleaseTimeouts?.values() ?? []) clearTimeout(timer)
  internals._exportedSenderReleaseTimeouts?.clear()
  await client.destroy()
  await Promise.all(senders.map(async (promise) => (await promise.catch(() => undefined))?.disconnect()))
}
