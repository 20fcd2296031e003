import type { Payload } from 'payload'

/**
 * A staff member logged in over HTTP and a widget chat session on a fresh chat link: the two
 * ends of a conversation, as the admin and the widget hold them.
 */
export const chatFixture = async (payload: Payload, url: string, email: string) => {
  const password = 'bench-password-123'
  const staff = await payload.create({ collection: 'users', data: { email, password, roles: ['staff'] } })
  const login = await fetch(`${url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const { token: jwt } = (await login.json()) as { token: string }
  const chatToken = (await payload.create({ collection: 'chat-tokens', data: { kind: 'personal' }, user: staff })) as { token?: string }
  const opened = await fetch(`${url}/api/chat/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `bench-${email}` },
    body: JSON.stringify({ token: chatToken.token }),
  })
  const session = (await opened.json()) as { sessionToken: string; conversationId: number }
  const reply = (text: string) =>
    fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `JWT ${jwt}` },
      body: JSON.stringify({ conversation: session.conversationId, text, direction: 'out' }),
    }).then(async (res) => {
      if (res.status !== 201) throw new Error(`staff reply failed: ${res.status} ${await res.text()}`)
    })
  const eventsUrl = `${url}/api/chat/events?session=${encodeURIComponent(session.sessionToken)}`
  return { session, reply, eventsUrl }
}

/** Calls `onData` with the data line of every SSE event read from `url` until `signal` aborts. */
export const listen = async (url: string, onData: (data: string) => void, signal: AbortSignal): Promise<void> => {
  const response = await fetch(url, { signal })
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (done) return
      buffer += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .find((line) => line.startsWith('data: '))
        buffer = buffer.slice(end + 2)
        if (data) onData(data.slice(6))
      }
    }
  })()
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10
}
