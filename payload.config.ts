import { hostConfig } from './host/config'

const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) {
  throw new Error(
    'DATABASE_URL is not set. Start the app with `npm run dev` (it starts an embedded PostgreSQL) or set DATABASE_URL=postgres://user:pass@host:5432/db.',
  )
}

export default hostConfig({ databaseUrl })
