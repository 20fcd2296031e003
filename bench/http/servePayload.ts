import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { handleEndpoints, type Payload } from 'payload'

export interface PayloadHttpServer {
  url: string
  close: () => Promise<void>
}

/**
 * Serves Payload's REST API (and Switchboard's endpoints) over HTTP on loopback with Payload's own
 * router — what the Next.js route does in the app — so benchmarks measure real HTTP and
 * streaming without starting Next.js. Response bodies are streamed chunk by chunk (SSE).
 */
export const servePayload = async (payload: Payload, cacheKey: string): Promise<PayloadHttpServer> => {
  const sockets = new Set<Socket>()
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined })
    const response = await handleEndpoints({ config: payload.config, request, payloadInstanceCacheKey: cacheKey })
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.flushHeaders()
    if (!response.body) return void res.end()
    const reader = response.body.getReader()
    res.on('close', () => void reader.cancel().catch(() => undefined))
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (done) break
      res.write(value)
    }
    res.end()
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // Room for the fanout case's 10,000 streams and the requests made while they are open.
  server.maxConnections = 20_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
