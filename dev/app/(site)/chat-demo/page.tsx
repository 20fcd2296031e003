import type { HTMLAttributes } from 'react'

import { demoChatToken } from './demoToken'

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'switchboard-chat': HTMLAttributes<HTMLElement> & { server?: string; token?: string }
      'switchboard-launcher': HTMLAttributes<HTMLElement> & { server?: string; token?: string }
    }
  }
}

export const dynamic = 'force-dynamic'

/**
 * `/chat-demo`: the chat widget embedded as a customer site would embed it. With `?token=` (a
 * chat link) the widget opens that link; without, it uses the demo site's public link. With
 * `?launcher`, the page embeds the light `<switchboard-launcher>`, which loads the chat on first intent.
 */
export default async function ChatDemoPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token, launcher } = await searchParams
  const chatToken = typeof token === 'string' ? token : await demoChatToken()
  return (
    <main className="site">
      <h1>Talk to us</h1>
      <p>
        This page embeds the Switchboard chat widget. Open it with the button in the corner, write a message, and answer
        it from the <a href="/admin/collections/conversations">admin</a>: the reply appears here without a reload.
      </p>
      {chatToken ? (
        launcher === undefined ? (
          <switchboard-chat token={chatToken} />
        ) : (
          <switchboard-launcher token={chatToken} />
        )
      ) : (
        <p role="alert">There is no staff member to chat with yet. Run `npm run seed` or create a staff user in the admin.</p>
      )}
      <script async src={launcher === undefined ? '/widget/switchboard-chat.js' : '/widget/switchboard-launcher.js'} type="module" />
    </main>
  )
}
