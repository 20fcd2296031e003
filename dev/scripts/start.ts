import { main } from './serve'

/**
 * `npm start`: the production server. Needs a build (`npm run build`) and PAYLOAD_SECRET; applies
 * pending migrations, then runs the production build (Next.js behind scripts/nextServer.ts) on
 * PORT (default 3000). Never seeds.
 */
await main({ mode: 'start' })
