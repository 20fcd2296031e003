/**
 * One web instance of the dev app's REST API (what Next.js's `/api` route runs), on a loopback
 * port, in its own process: the multi-instance fault tests start two. It runs Switchboard's
 * general jobs queue as the web app does (autoRun). Prints `listening <port>` when ready; stops on
 * SIGTERM. Started by `spawnWebInstance` (webInstance.ts).
 */
import { createServer } from 'node:http'
import { Readable } from 'node:stream'

import { handleEndpoints } from 'payload'

import { closePayload } from '../../dev/host/closePayload'
import { openMigratedPayload } from '../../dev/host/openPayload'

const key = `web-${process.pid}`
const payload = await openMigratedPayload({ databaseUrl: process.env.DATABASE_URL!, runJobs: true }, { key })

const server = createServer((req, res) => {
  void (async () => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined,
    })
    const response = await handleEndpoints({ config: payload.config, payloadInstanceCacheKey: key, request })
    res.writeHead(response.status, Object.fromEntries(response.headers))
    if (!response.body) return res.end()
    const body = Readable.fromWeb(response.body as never)
    // A client that goes away cancels the stream (an SSE subscription is cleaned up).
    res.on('close', () => body.destroy())
    body.pipe(res)
  })().catch((error: unknown) => {
    console.error(error)
    if (!res.headersSent) res.writeHead(500)
    res.end()
  })
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`)
})
process.on('SIGTERM', () => {
  server.close()
  server.closeAllConnections()
  void closePayload(payload).finally(() => process.exit(0))
})
