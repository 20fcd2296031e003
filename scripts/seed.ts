import { getPayload } from 'payload'

import { closePayload } from '../host/closePayload'
import { hostConfig } from '../host/config'
import { ensureDatabase } from '../host/database'
import { demoCredentials, seedDemoData } from '../host/seed'
import { migrations } from '../migrations'

/** `npm run seed`: migrate the database, then load the demo data unless it is already there. */
const database = await ensureDatabase()
const payload = await getPayload({ config: hostConfig({ databaseUrl: database.url }) })
try {
  await payload.db.migrate({ migrations: migrations as never })
  const result = await seedDemoData(payload, console.log)
  if (!result.seeded) console.log('Demo data is already there; nothing changed.')
  console.log('\nDemo logins (password for all: %s):', demoCredentials.admin.password)
  for (const [role, { email }] of Object.entries(demoCredentials)) console.log(`  ${role.padEnd(8)} ${email}`)
  if (result.chatToken) console.log(`\nDemo chat token (shown once): ${result.chatToken}`)
} finally {
  await closePayload(payload)
  await database.stop()
}
