import net from 'node:net'

/**
 * Child process of the fanout benchmark: opens N SSE streams to one conversation, says
 * `subscribed <n>` every 500 and `ready` once every stream is subscribed, then reports (as JSON on stdout) the wall-clock time at which
 * each stream received the marker message. Kept out of the server's process so the server's
 * memory per connection is measured alone.
 *
 * Each stream is a bare socket speaking HTTP/1.1 and scanning the bytes it receives for the
 * marker: no parsing or decoding, so with thousands of streams on the same cores as the server
 * the receipt times measure the server's delivery, not this process's work.
 */
const [url, countArg, marker] = process.argv.slice(2)
const count = Number(countArg)
const target = new URL(url!)
const request = Buffer.from(`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nAccept: text/event-stream\r\n\r\n`)
const connected = Buffer.from(': connected')
const wanted = Buffer.from(marker!)
const ok = Buffer.from('HTTP/1.1 200')
const receivedAt: number[] = []
let subscribed = 0

const fail = (reason: string) => {
  process.stderr.write(`fanout client: ${reason}\n`)
  process.exit(1)
}

const openStream = () =>
  new Promise<void>((resolve) => {
    const socket = net.connect(Number(target.port), target.hostname, () => socket.write(request))
    let isSubscribed = false
    let answered = false
    let received = false
    /** The last bytes seen, so a needle split across two reads is still found. */
    let tail: Buffer = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      if (!answered) {
        answered = true
        if (!chunk.subarray(0, ok.length).equals(ok)) return fail(`refused: ${chunk.toString().split('\r\n')[0]}`)
      }
      const bytes = tail.length ? Buffer.concat([tail, chunk]) : chunk
      tail = bytes.subarray(Math.max(0, bytes.length - Math.max(wanted.length, connected.length)))
      if (!isSubscribed && bytes.includes(connected)) {
        isSubscribed = true
        resolve()
        if (++subscribed === count) process.stdout.write('ready\n')
        else if (subscribed % 500 === 0) process.stdout.write(`subscribed ${subscribed}\n`)
      }
      // Left open: closing now would make the server handle closes while it still delivers.
      if (received || !bytes.includes(wanted)) return
      received = true
      receivedAt.push(Date.now())
      if (receivedAt.length === count) {
        process.stdout.write(`${JSON.stringify(receivedAt)}\n`)
        process.exit(0)
      }
    })
    socket.on('error', (error) => fail(`stream ${subscribed + 1}: ${error.message}`))
    socket.on('close', () => {
      if (!isSubscribed) fail('a stream closed before it was subscribed')
    })
  })

// Opened 200 at a time: each batch is subscribed before the next connects, so the server's
// listen backlog never overflows.
const batch = 200
for (let i = 0; i < count; i += batch) {
  await Promise.all(Array.from({ length: Math.min(batch, count - i) }, openStream))
}
