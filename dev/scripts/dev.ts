import { main } from './serve'

/**
 * `npm run dev`: DATABASE_URL or an embedded PostgreSQL (data in .data/postgres), pending
 * migrations applied, demo data loaded into a database without users, then Next.js in development
 * mode (behind scripts/nextServer.ts) on PORT (default 3000).
 */
await main({ mode: 'dev' })
