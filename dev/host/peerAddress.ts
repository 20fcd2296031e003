import type { IncomingMessage } from 'node:http'

/**
 * Appends the address the connection came from to `X-Forwarded-For`, as a proxy does, so the
 * rightmost entry is always the immediate peer: the client itself, or the last proxy in front
 * (whose own entry, left of it, is then the client; see the plugin's `trustedProxies`). Whatever a
 * client wrote into the header stays to the left, where nothing trusts it. Next.js alone only
 * fills the header when the client sent none.
 */
export const appendPeerAddress = (req: IncomingMessage): void => {
  const peer = req.socket.remoteAddress
  if (!peer) return
  const sent = req.headers['x-forwarded-for']
  const list = Array.isArray(sent) ? sent.join(', ') : sent
  req.headers['x-forwarded-for'] = list ? `${list}, ${peer}` : peer
}
