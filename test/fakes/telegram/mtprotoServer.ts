/**
 * A fake Telegram data center on 127.0.0.1 that the REAL GramJS `TelegramClient` talks to over
 * TCP, speaking MTProto 2.0 as Telegram does:
 *
 * - transport: TCP "full" (GramJS's default in Node): 4-byte LE length, 4-byte LE sequence
 *   number, payload, CRC32; sequence numbers and checksums are checked both ways;
 * - a preloaded auth key (no DH handshake): `sessionString()` gives a StringSession with it;
 *   an unknown auth key id gets the transport error -404, as from Telegram;
 * - client→server messages are decrypted with x = 0 and their msg_key verified;
 *   server→client messages are encrypted with x = 8 (AES-256-IGE, implemented here with
 *   node:crypto, independently of GramJS's own IGE);
 * - server salt: a wrong salt gets bad_server_salt (GramJS starts with salt 0 and resends);
 *   a new session id gets new_session_created;
 * - client msg_ids must be divisible by 4 and within the time window, seqno parity must match
 *   content-relatedness (bad_msg_notification 16/17/18/34/35 otherwise);
 * - server msg_ids increase, ≡1 mod 4 for responses and ≡3 mod 4 otherwise; seqno odd for
 *   content-related messages; the session id is echoed;
 * - msg_container and gzip_packed are unpacked, msgs_ack ignored, ping / ping_delay_disconnect
 *   answered with pong (and the delayed disconnect armed), get_future_salts answered;
 * - API requests go to the FakeTelegram world; results come back in rpc_result (gzip_packed when
 *   large), errors as rpc_error; live updates are pushed as Api.Updates.
 *
 * GramJS (2.26) ignores the port of its session and always dials port 80 (443 with WSS), and
 * dials port 443 of the dc_options address for extra senders (e.g. photo downloads). So each
 * server gets its own loopback address (127.77.x.y, put in the session and in dc_options) and,
 * by default, GramJS's socket class is patched once per process to dial the real port of the
 * fake behind such an address: any TelegramClient made from `sessionString()` — the product's
 * own included — reaches the fake, other addresses are untouched. Without the patch
 * (`interceptGramJs: false`) pass `server.clientParams` to the TelegramClient instead.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { createServer, type Server, type Socket } from 'node:net'
import { gunzipSync, gzipSync, inflateSync } from 'node:zlib'

import { Api } from 'telegram'
import { AuthKey } from 'telegram/crypto/AuthKey'
import { PromisedNetSockets } from 'telegram/extensions'
import { crc32 } from 'telegram/Helpers'
import { StringSession } from 'telegram/sessions'

import { long, readRequest, serializeObject, serializeResult } from './tl'
import { FakeRpcError, type FakeTelegram } from './world'

export interface FakeTelegramServerOptions {
  /** The 256-byte auth key the sessions use (default: random). */
  authKey?: Buffer
  /** Listening port (default: a free one below 32768: StringSession stores ports as int16). */
  port?: number
  /** Answer a wrong server salt with bad_server_salt, as Telegram does (default true). */
  checkSalt?: boolean
  /** Protocol violations and handler bugs (default: console.error). They are also in `errors`. */
  onError?: (error: Error) => void
  /** Patch GramJS's PromisedNetSockets so clients dial this fake via its address (default true). */
  interceptGramJs?: boolean
}

export interface FakeTelegramServer {
  /** The DC address clients are given (session, dc_options): 127.77.x.y, unique per server. */
  readonly address: string
  /** Where the server really listens: 127.0.0.1:port. */
  readonly host: string
  readonly port: number
  readonly dcId: number
  readonly authKey: Buffer
  /** Protocol violations and handler bugs seen (a test can assert it stays empty). */
  readonly errors: Error[]
  /** TelegramClient params that make GramJS dial this server: spread them into the client options. */
  readonly clientParams: { networkSocket: typeof PromisedNetSockets }
  /** A StringSession (dc, address, port, auth key) logged in to the fake. */
  sessionString(): string
  /** Open client connections. */
  connections(): number
  /**
   * The most connections open at once since the last call (all use the one auth key): more than
   * one means two clients on one session, which Telegram answers with AUTH_KEY_DUPLICATED.
   */
  takePeakConnections(): number
  /** Destroys every client connection (the server keeps listening): clients reconnect. */
  dropConnections(): void
  /** A new server salt: the next client message gets bad_server_salt and is resent. */
  rotateSalt(): void
  close(): Promise<void>
}

const MSG_CONTAINER = 0x73f1f8dc
const GZIP_PACKED = 0x3072cfa1
const MSGS_ACK = 0x62d6b459
const RPC_RESULT = 0xf35c6d01
const PING = 0x7abe77ec
const PING_DELAY_DISCONNECT = 0xf3427b8c
const GET_FUTURE_SALTS = 0xb921bd04
const HTTP_WAIT = 0x9299359f
/** Constructors that are not content-related (even seqno). */
const NOT_CONTENT_RELATED = new Set([MSGS_ACK, MSG_CONTAINER, HTTP_WAIT])

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest()
const sha1 = (data: Buffer) => createHash('sha1').update(data).digest()
const int32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32LE(n, 0)
  return b
}
const uint32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n >>> 0, 0)
  return b
}
const int64 = (n: bigint) => {
  const b = Buffer.alloc(8)
  b.writeBigInt64LE(BigInt.asIntN(64, n), 0)
  return b
}

/** MTProto 2.0 key derivation: x = 0 for client→server, 8 for server→client. */
function messageKeys(authKey: Buffer, msgKey: Buffer, x: 0 | 8) {
  const a = sha256(msgKey, authKey.subarray(x, x + 36))
  const b = sha256(authKey.subarray(40 + x, 40 + x + 36), msgKey)
  return {
    key: Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]),
    iv: Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]),
  }
}

/** AES-256-IGE over whole 16-byte blocks. */
function ige(data: Buffer, key: Buffer, iv: Buffer, encrypt: boolean): Buffer {
  if (data.length % 16) throw new Error('IGE data must be a multiple of 16 bytes')
  const aes = encrypt ? createCipheriv('aes-256-ecb', key, null) : createDecipheriv('aes-256-ecb', key, null)
  aes.setAutoPadding(false)
  const out = Buffer.alloc(data.length)
  let prevX = encrypt ? iv.subarray(0, 16) : iv.subarray(16, 32)
  let prevY = encrypt ? iv.subarray(16, 32) : iv.subarray(0, 16)
  const block = Buffer.alloc(16)
  for (let i = 0; i < data.length; i += 16) {
    const x = data.subarray(i, i + 16)
    for (let j = 0; j < 16; j++) block[j] = x[j]! ^ prevX[j]!
    const y = aes.update(block)
    for (let j = 0; j < 16; j++) out[i + j] = y[j]! ^ prevY[j]!
    prevX = out.subarray(i, i + 16)
    prevY = x
  }
  return out
}

/** Telegram-style gzip of large bodies; GramJS's own "gzip" is the identity, so accept raw data too. */
function unpackGzip(data: Buffer): Buffer {
  for (const inflate of [gunzipSync, inflateSync]) {
    try {
      return inflate(data)
    } catch {
      // try the next format
    }
  }
  return data
}
const tlBytes = (data: Buffer) => {
  const header = data.length < 254
    ? Buffer.from([data.length])
    : Buffer.from([254, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff])
  const padding = (4 - ((header.length + data.length) % 4)) % 4
  return Buffer.concat([header, data, Buffer.alloc(padding)])
}
const maybeGzip = (body: Buffer) => {
  if (body.length <= 512) return body
  const packed = Buffer.concat([uint32(GZIP_PACKED), tlBytes(gzipSync(body))])
  return packed.length < body.length ? packed : body
}
function readTlBytes(buf: Buffer, offset: number): Buffer {
  let length = buf[offset]!
  let start = offset + 1
  if (length === 254) {
    length = buf.readUIntLE(offset + 1, 3)
    start = offset + 4
  }
  return buf.subarray(start, start + length)
}

/** Per process (shared by every copy of this module): fake DC address → real port. */
interface DialTable {
  ports: Map<string, number>
  next: number
  patched: boolean
}
const DIAL_TABLE = Symbol.for('switchboard.fakeTelegram.dialTable')
function dialTable(): DialTable {
  const scope = globalThis as { [DIAL_TABLE]?: DialTable }
  scope[DIAL_TABLE] ??= { ports: new Map(), next: 1, patched: false }
  return scope[DIAL_TABLE]
}
function interceptGramJs(table: DialTable): void {
  if (table.patched) return
  table.patched = true
  const original = PromisedNetSockets.prototype.connect
  PromisedNetSockets.prototype.connect = function connect(this: PromisedNetSockets, port: number, ip: string) {
    const real = table.ports.get(ip)
    return real === undefined ? original.call(this, port, ip) : original.call(this, real, '127.0.0.1')
  }
}

interface SessionState {
  id: bigint
  created: boolean
  /** Content-related messages sent, for the seqno. */
  contentSent: number
  seen: Set<bigint>
}

export async function startFakeTelegramServer(
  world: FakeTelegram,
  options: FakeTelegramServerOptions = {},
): Promise<FakeTelegramServer> {
  const host = '127.0.0.1'
  const authKeyBytes = options.authKey ?? randomBytes(256)
  if (authKeyBytes.length !== 256) throw new Error('an auth key has 256 bytes')
  const authKeyId = sha1(authKeyBytes).subarray(12, 20)
  const authKey = new AuthKey()
  await authKey.setKey(authKeyBytes)
  const checkSalt = options.checkSalt ?? true
  const errors: Error[] = []
  const reportError = (error: Error) => {
    errors.push(error)
    if (options.onError) options.onError(error)
    else console.error('[fake telegram]', error)
  }

  let serverSalt = randomBytes(8).readBigInt64LE(0)
  const sessions = new Map<bigint, SessionState>()
  const sockets = new Set<Socket>()
  let peak = 0
  let lastMsgId = 0n
  /** Server msg_id: unixtime·2^32 + fraction, strictly increasing, ≡ kind (mod 4). */
  const nextMsgId = (kind: 1n | 3n) => {
    const now = Date.now()
    let id = (BigInt(Math.floor(now / 1000)) << 32n) | (BigInt(now % 1000) * 4294967n)
    id = (id & ~3n) | kind
    if (id <= lastMsgId) id = ((lastMsgId + 4n) & ~3n) | kind
    lastMsgId = id
    return id
  }

  let port = 0
  const table = dialTable()
  const n = table.next++
  const address = `127.77.${(n >> 8) & 255}.${n & 255}`
  const dcAddress = () => ({ ip: address, port })

  function handleConnection(socket: Socket): void {
    sockets.add(socket)
    peak = Math.max(peak, sockets.size)
    socket.setNoDelay(true)
    let buffer = Buffer.alloc(0)
    let expectedSeq = 0
    let sendSeq = 0
    let session: SessionState | undefined
    let chain: Promise<void> = Promise.resolve()
    let disconnectTimer: NodeJS.Timeout | undefined
    const connection = {}

    const close = (reason?: string) => {
      if (reason) reportError(new Error(`connection closed: ${reason}`))
      socket.destroy()
    }
    const frame = (payload: Buffer) => {
      if (socket.destroyed) return
      const head = Buffer.concat([int32(payload.length + 12), int32(sendSeq++), payload])
      socket.write(Buffer.concat([head, uint32(crc32(head))]))
    }
    const send = (s: SessionState, body: Buffer, kind: 1n | 3n, contentRelated = true) => {
      const msgId = nextMsgId(kind)
      const seqNo = contentRelated ? s.contentSent++ * 2 + 1 : s.contentSent * 2
      const plain = Buffer.concat([int64(serverSalt), int64(s.id), int64(msgId), int32(seqNo), int32(body.length), body])
      const padding = randomBytes(12 + ((16 - ((plain.length + 12) % 16)) % 16))
      const msgKey = sha256(authKeyBytes.subarray(96, 128), plain, padding).subarray(8, 24)
      const { key, iv } = messageKeys(authKeyBytes, msgKey, 8)
      frame(Buffer.concat([authKeyId, msgKey, ige(Buffer.concat([plain, padding]), key, iv, true)]))
    }
    const unsubscribe = world.subscribe((updates, origin) => {
      if (origin === connection || !session || socket.destroyed) return
      try {
        send(session, maybeGzip(serializeObject(updates)), 3n)
      } catch (error) {
        reportError(error as Error)
      }
    })
    socket.on('close', () => {
      sockets.delete(socket)
      unsubscribe()
      clearTimeout(disconnectTimer)
    })
    socket.on('error', () => socket.destroy())

    const rpcResult = (s: SessionState, reqMsgId: bigint, result: Buffer) =>
      send(s, Buffer.concat([uint32(RPC_RESULT), int64(reqMsgId), result]), 1n)
    const rpcErrorBody = (code: number, message: string) =>
      serializeObject(new Api.RpcError({ errorCode: code, errorMessage: message }))

    async function processMessage(s: SessionState, msgId: bigint, body: Buffer): Promise<void> {
      const ctor = body.readUInt32LE(0)
      if (ctor === MSG_CONTAINER) {
        const count = body.readInt32LE(4)
        let offset = 8
        for (let i = 0; i < count; i++) {
          const innerId = body.readBigInt64LE(offset)
          const length = body.readInt32LE(offset + 12)
          const inner = body.subarray(offset + 16, offset + 16 + length)
          offset += 16 + length
          await processMessage(s, innerId, inner)
        }
        if (offset !== body.length) reportError(new Error('msg_container: length mismatch'))
        return
      }
      if (ctor === GZIP_PACKED) return processMessage(s, msgId, unpackGzip(readTlBytes(body, 4)))
      if (ctor === MSGS_ACK) return
      if (ctor === PING || ctor === PING_DELAY_DISCONNECT) {
        const pingId = body.readBigInt64LE(4)
        send(s, serializeObject(new Api.Pong({ msgId: long(msgId), pingId: long(pingId) })), 1n)
        if (ctor === PING_DELAY_DISCONNECT) {
          clearTimeout(disconnectTimer)
          disconnectTimer = setTimeout(() => socket.destroy(), body.readInt32LE(12) * 1000)
          disconnectTimer.unref()
        }
        return
      }
      if (ctor === GET_FUTURE_SALTS) {
        const now = Math.floor(Date.now() / 1000)
        send(s, serializeObject(new Api.FutureSalts({
          reqMsgId: long(msgId),
          now,
          salts: [new Api.FutureSalt({ validSince: now - 60, validUntil: now + 3600, salt: long(serverSalt) })],
        })), 1n)
        return
      }
      let request: Api.AnyRequest
      try {
        request = readRequest(body)
      } catch (error) {
        reportError(new Error(`unreadable request 0x${ctor.toString(16)}: ${(error as Error).message}`))
        rpcResult(s, msgId, rpcErrorBody(400, 'INPUT_METHOD_INVALID'))
        return
      }
      let result: Buffer
      try {
        const value = await world.handle(request, { origin: connection, dcAddress: dcAddress() })
        result = maybeGzip(serializeResult(request as never, value))
      } catch (error) {
        if (error instanceof FakeRpcError) {
          result = rpcErrorBody(error.code, error.errorMessage)
        } else {
          reportError(error as Error)
          // 400, not 500: GramJS retries 5xx for seconds; a broken fixture should fail at once.
          result = rpcErrorBody(400, 'FAKE_SERVER_BUG')
        }
      }
      rpcResult(s, msgId, result)
    }

    async function processTop(s: SessionState, salt: bigint, msgId: bigint, seqNo: number, body: Buffer): Promise<void> {
      if (s.seen.has(msgId)) return
      const badMsg = (errorCode: number) => {
        reportError(new Error(`bad_msg_notification ${errorCode} for msg_id ${msgId}, seqno ${seqNo}`))
        send(s, serializeObject(new Api.BadMsgNotification({ badMsgId: long(msgId), badMsgSeqno: seqNo, errorCode })), 3n, false)
      }
      const seconds = Number(msgId >> 32n)
      const now = Date.now() / 1000
      if (msgId % 4n !== 0n) return badMsg(18)
      if (seconds < now - 300) return badMsg(16)
      if (seconds > now + 30) return badMsg(17)
      const contentRelated = !NOT_CONTENT_RELATED.has(body.readUInt32LE(0))
      if (contentRelated && seqNo % 2 === 0) return badMsg(34)
      if (!contentRelated && seqNo % 2 === 1) return badMsg(35)
      if (checkSalt && salt !== serverSalt) {
        send(s, serializeObject(new Api.BadServerSalt({
          badMsgId: long(msgId), badMsgSeqno: seqNo, errorCode: 48, newServerSalt: long(serverSalt),
        })), 3n, false)
        return
      }
      s.seen.add(msgId)
      if (s.seen.size > 1000) s.seen.delete(s.seen.values().next().value!)
      if (!s.created) {
        s.created = true
        send(s, serializeObject(new Api.NewSessionCreated({
          firstMsgId: long(msgId), uniqueId: long(randomBytes(8).readBigInt64LE(0)), serverSalt: long(serverSalt),
        })), 3n)
      }
      session = s
      await processMessage(s, msgId, body)
    }

    function handlePayload(payload: Buffer): void {
      if (payload.length < 8) return close('payload too short')
      const keyId = payload.subarray(0, 8)
      if (keyId.every((b) => b === 0)) {
        reportError(new Error('unencrypted message: the fake has no DH handshake; use server.sessionString()'))
        return frame(int32(-404))
      }
      if (!keyId.equals(authKeyId)) {
        reportError(new Error('unknown auth key id'))
        return frame(int32(-404))
      }
      const msgKey = payload.subarray(8, 24)
      const encrypted = payload.subarray(24)
      if (encrypted.length % 16 !== 0 || encrypted.length < 48) return close('bad encrypted length')
      const { key, iv } = messageKeys(authKeyBytes, msgKey, 0)
      const plain = ige(encrypted, key, iv, false)
      if (!sha256(authKeyBytes.subarray(88, 120), plain).subarray(8, 24).equals(msgKey)) return close('msg_key mismatch')
      const salt = plain.readBigInt64LE(0)
      const sessionId = plain.readBigInt64LE(8)
      const msgId = plain.readBigInt64LE(16)
      const seqNo = plain.readInt32LE(24)
      const length = plain.readInt32LE(28)
      const paddingLength = plain.length - 32 - length
      if (length < 4 || length % 4 !== 0 || paddingLength < 12 || paddingLength > 1024) return close('bad message length or padding')
      let s = sessions.get(sessionId)
      if (!s) {
        s = { id: sessionId, created: false, contentSent: 0, seen: new Set() }
        sessions.set(sessionId, s)
      }
      const body = plain.subarray(32, 32 + length)
      const state = s
      chain = chain
        .then(() => processTop(state, salt, msgId, seqNo, body))
        .catch((error: unknown) => reportError(error as Error))
    }

    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      while (buffer.length >= 4) {
        if (expectedSeq === 0 && (buffer[0] === 0xef || buffer.readUInt32LE(0) === 0xeeeeeeee || buffer.readUInt32LE(0) === 0xdddddddd)) {
          return close('only the TCP full transport is supported')
        }
        const length = buffer.readInt32LE(0)
        if (length < 12 || length > 16 * 1024 * 1024) return close(`bad packet length ${length}`)
        if (buffer.length < length) return
        const packet = buffer.subarray(0, length)
        buffer = buffer.subarray(length)
        if (packet.readUInt32LE(length - 4) !== crc32(packet.subarray(0, length - 4))) return close('bad CRC32')
        const seq = packet.readInt32LE(4)
        if (seq !== expectedSeq) return close(`transport seq ${seq}, expected ${expectedSeq}`)
        expectedSeq++
        handlePayload(packet.subarray(8, length - 4))
      }
    })
  }

  const server: Server = createServer(handleConnection)
  const listen = (p: number) => new Promise<number>((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.listen(p, host, () => {
      server.off('error', onError)
      const bound = server.address()
      resolve(typeof bound === 'object' && bound ? bound.port : p)
    })
  })
  if (options.port !== undefined) {
    port = await listen(options.port)
  } else {
    for (let attempt = 0; ; attempt++) {
      try {
        port = await listen(20000 + Math.floor(Math.random() * 12000))
        break
      } catch (error) {
        if (attempt > 50) throw error
      }
    }
  }

  // Kept after close(): the address then refuses connections, like a DC that is down.
  table.ports.set(address, port)
  if (options.interceptGramJs ?? true) interceptGramJs(table)

  class FakeDcSocket extends PromisedNetSockets {
    override connect(_port: number, _ip: string): Promise<unknown> {
      return super.connect(port, host)
    }
  }

  return {
    address,
    host,
    port,
    dcId: world.dcId,
    authKey: authKeyBytes,
    errors,
    clientParams: { networkSocket: FakeDcSocket },
    sessionString() {
      const session = new StringSession('')
      session.setDC(world.dcId, address, port)
      session.setAuthKey(authKey)
      return session.save()
    },
    connections: () => sockets.size,
    takePeakConnections() {
      const value = peak
      peak = sockets.size
      return value
    },
    dropConnections() {
      for (const socket of sockets) socket.destroy()
    },
    rotateSalt() {
      serverSalt = randomBytes(8).readBigInt64LE(0)
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
