/**
 * Every text the widget shows or announces. Override any of them with the `i18n` property (a
 * partial object) or attribute (JSON). `{name}`, `{n}` and `{s}` are replaced where noted.
 */
export const defaultStrings = {
  title: 'Chat with us',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  /** Appended to the launcher's label when staff replied while the panel was closed; `{n}`. */
  unread: '{n} new',
  logLabel: 'Messages',
  empty: 'Send us a message, we reply here.',
  inputLabel: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  attach: 'Attach a file',
  you: 'You',
  staff: 'Support',
  sending: 'Sending…',
  queued: 'Waiting for connection…',
  sent: 'Sent',
  /** Under the customer's last message once staff have read it. */
  seen: 'Seen',
  /** Shown while staff are typing a reply. */
  typing: 'Support is typing…',
  failed: 'Not sent',
  retry: 'Retry',
  discard: 'Discard',
  edited: 'edited',
  deleted: 'Message deleted',
  connecting: 'Connecting…',
  offline: 'Offline. Reconnecting…',
  signIn: 'Sign in',
  register: 'Create account',
  logOut: 'Log out',
  /** `{name}`. */
  signedInAs: 'Signed in as {name}',
  /** The staff member the conversation is assigned to; `{name}`. */
  chattingWith: 'You are chatting with {name}',
  identifyIntro: 'Sign in to keep this conversation.',
  /** Links the customer's Telegram account by a code sent from Telegram. */
  verifyTelegram: 'Verify Telegram',
  openTelegram: 'Open Telegram',
  name: 'Name',
  email: 'Email',
  password: 'Password',
  toRegister: 'New here? Create an account',
  toSignIn: 'Have an account? Sign in',
  back: 'Back to chat',
  noToken: 'This chat link has no token.',
  /** `{n}` = the server's limit. */
  tooLong: 'Messages are limited to {n} characters.',
  networkError: 'The chat server cannot be reached.',
  /** Shown when the earlier conversation could not be continued (the chat was ended, or too long ago). */
  newConversation: 'Your earlier chat has ended. Messages you send now start a new conversation.',
  /** `{s}` = seconds. */
  rateLimited: 'Too many attempts. Try again in {s} seconds.',
}

export type Strings = typeof defaultStrings

/** The `i18n` attribute's overrides (JSON); none when it is missing or not JSON. */
export const parseStrings = (json: string | null): Partial<Strings> | undefined => {
  try {
    return (JSON.parse(json ?? 'null') as Partial<Strings> | null) ?? undefined
  } catch {
    return undefined
  }
}
