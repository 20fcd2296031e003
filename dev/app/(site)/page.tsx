/** The demo site's home page: the way to the chat widget demo and to the admin. */
export default function HomePage() {
  return (
    <main className="site">
      <h1>Switchboard demo</h1>
      <p>
        Switchboard puts every customer conversation — Telegram chats, website chats started from a chat link and
        Stream Chat conversations — into one inbox inside the Payload admin.
      </p>
      <p>
        <a href="/chat-demo">Chat as a customer</a> with the embedded widget, then <a href="/admin">open the admin</a> to
        read and answer the conversation.
      </p>
    </main>
  )
}
