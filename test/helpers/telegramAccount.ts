import type { TestApp } from './payload'

import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { cipherFor } from '../../packages/payload-plugin/src/telegram/accounts'

/** A connected Telegram account whose sealed session is `sessionString` (a fake server's); returns its id. */
export const createConnectedAccount = async (
  app: TestApp,
  sessionString: string,
  data: { name: string; kind: 'bot' | 'user'; botUsername?: string } = { name: 'Support', kind: 'user' },
): Promise<number> => {
  const session = cipherFor(app.payload, switchboardOptionsOf(app.payload)).seal(sessionString)
  const account = await app.payload.create({ collection: 'telegram-accounts', data: { ...data, status: 'connected', session }, overrideAccess: true })
  return Number(account.id)
}
