import http from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import next from 'next'

import { appendPeerAddress } from '../host/peerAddress'

/**
 * Next.js behind Switchboard's own HTTP server, started by `scripts/serve.ts` (`npm run dev`,
 * `npm start`) as `node --import tsx scripts/nextServer.ts <dev|start> <port>` with NODE_ENV set. It is
 * `next dev` / `next start` with one difference: every request's connection address is appended to
 * `X-Forwarded-For` before Next.js sees it, so rate limits count the real client, never an
 * address the client made up.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const [mode, portArgument] = process.argv.slice(2)
const port = Number(portArgument)
if ((mode !== 'dev' && mode !== 'start') || !Number.isInteger(port)) {
  console.error('Usage: node --import tsx scripts/nextServer.ts <dev|start> <port>')
  process.exit(2)
}

/** How long open requests (event streams, above all) get to finish when the server stops. */
const closeGraceMs = 3_000

const startedAt = Date.now()
const app = next({ dev: mode === 'dev', dir: root, port })
const handle = app.getRequestHandler()
await app.prepare()

const server = http.createServer((req, res) => {
  appendPeerAddress(req)
  handle(req, res).catch((error: unknown) => {
    console.error(`Failed to handle request for ${req.url}`, error)
    if (!res.headersSent) res.writeHead(500)
    res.end('Internal Server Error')
  })
})
server.listen(port, () => {
  const { version } = createRequire(import.meta.url)('next/package.json') as { version: string }
  console.log(`   ▲ Next.js ${version}${mode === 'dev' ? ' (development)' : ''}\n   - Local:        http://localhost:${port}\n`)
  console.log(` ✓ Ready in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`)
})

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  const closed = new Promise((resolve) => server.close(resolve))
  server.closeIdleConnections()
  const grace = new Promise((resolve) => setTimeout(resolve, closeGraceMs).unref())
  void Promise.race([closed, grace])
    .then(() => server.closeAllConnections())
    .then(() => app.close())
    .finally(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
