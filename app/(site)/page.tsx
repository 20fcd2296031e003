/** The demo site's home page: where the chat widget will greet visitors; for now, the way to the admin. */
export default function HomePage() {
  return (
    <main className="site">
      <h1>Switchboard demo</h1>
      <p>
        Switchboard puts every customer conversation — Telegram chats, website chats started from a chat link and
        Stream Chat conversations — into one inbox inside the Payload admin.
      </p>
      <p>
        <a href="/admin">Open the admin</a> to read and answer conversations.
      </p>
    </main>
  )
}
