/**
 * Child process of the fanout benchmark: opens N SSE streams to one conversation, says `ready`
 * once every stream is subscribed, then reports (as JSON on stdout) the wall-clock time at which
 * each stream received the marker message. Kept out of the server's process so the server's
 * memory per connection is measured alone.
 */
const [url, countArg, marker] = process.argv.slice(2)
const count = Number(countArg)
const receivedAt: number[] = []
let subscribed = 0

const openStream = async () => {
  const response = await fetch(url!)
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  let isSubscribed = false
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    buffer += decoder.decode(value, { stream: true })
    if (!isSubscribed && buffer.includes(': connected')) {
      isSubscribed = true
      if (++subscribed === count) process.stdout.write('ready\n')
    }
    if (buffer.includes(marker!)) {
      receivedAt.push(Date.now())
      if (receivedAt.length === count) {
        process.stdout.write(`${JSON.stringify(receivedAt)}\n`)
        process.exit(0)
      }
      return
    }
  }
}

// Streams stay open, so they are started in batches rather than awaited.
for (let i = 0; i < count; i++) {
  void openStream().catch((error: unknown) => process.stderr.write(`${String(error)}\n`))
  if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 50))
}
export {}
