import { closePayload } from '../host/closePayload'
import { ensureDatabase } from '../host/database'
import { openMigratedPayload } from '../host/openPayload'
import { demoLoginLines, seedDemoData } from '../host/seed'

/** `npm run seed`: migrate the database, then load the demo data unless it is already there. */
const database = await ensureDatabase()
const payload = await openMigratedPayload({ databaseUrl: database.url })
try {
  const result = await seedDemoData(payload, console.log)
  if (!result.seeded) console.log('Demo data is already there; nothing changed.')
  console.log(['', ...demoLoginLines(result.chatToken)].join('\n'))
} finally {
  await closePayload(payload)
  await database.stop()
}
