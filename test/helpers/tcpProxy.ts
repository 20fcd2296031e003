import net from 'node:net'

export interface TcpProxy {
  port: number
  /**
   * Cuts the link like a network partition: open connections are dropped and new ones are
   * accepted but never answered (a client waits for its own timeout, as behind a dead route).
   */
  cut: () => void
  /** Forwards again. */
  restore: () => void
  close: () => Promise<void>
}

/** A TCP proxy on loopback in front of `target` (PostgreSQL), which a test can cut and restore. */
export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  let up = true
  const open = new Set<net.Socket>()
  const server = net.createServer((client) => {
    open.add(client)
    client.on('close', () => open.delete(client))
    client.on('error', () => client.destroy())
    if (!up) return
    const upstream = net.connect(target.port, target.host)
    open.add(upstream)
    upstream.on('close', () => {
      open.delete(upstream)
      client.destroy()
    })
    upstream.on('error', () => upstream.destroy())
    client.on('close', () => upstream.destroy())
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      up = false
      for (const socket of open) socket.destroy()
    },
    restore: () => void (up = true),
    close: () => {
      for (const socket of open) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
