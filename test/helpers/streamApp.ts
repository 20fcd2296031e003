import pg from 'pg'

import { type FakeStream, startFakeStream } from '../fakes/streamServer'
import { createTestApp, type TestApp } from './payload'
import { createUserAndLogin } from './rest'

export interface StreamTestApp {
  app: TestApp
  fake: FakeStream
  db: pg.Client
  staff: Awaited<ReturnType<typeof createUserAndLogin>>
  close: () => Promise<void>
}

/** A test app mirroring to the fake Stream server, a direct database client and a logged-in staff member. */
export const startStreamTestApp = async (): Promise<StreamTestApp> => {
  const fake = await startFakeStream()
  const app = await createTestApp({
    switchboard: { stream: { apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseURL: fake.baseURL } },
  })
  const db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  const staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  return {
    app,
    fake,
    db,
    staff,
    close: async () => {
      await db.end()
      await app.close()
      await fake.stop()
    },
  }
}
