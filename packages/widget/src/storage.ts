import type { ChatCustomer, ChatLimits, ChatSession } from './contract'
import type { PendingMessage } from './types'

/**
 * What the widget remembers per chat token in localStorage, so a returning visitor resumes the
 * same conversation: the session (sent as `resume`), the customer's login when identified, and
 * messages not yet confirmed by the server.
 */
export interface StoredChat extends Omit<ChatSession, 'limits'> {
  /** Missing in what an earlier version of the widget stored. */
  limits?: ChatLimits
  /** Payload JWT of the identified customer. */
  jwt?: string
  customer?: ChatCustomer
  /** Restored as `queued`. */
  pending?: PendingMessage[]
  /** Staff replies the visitor has not seen (the launcher's badge, on this page or the next). */
  unread?: number
}

const key = (token: string) => `switchboard-chat:${token}`

// localStorage throws in sandboxed frames and some private modes: the widget then forgets on reload.
export const loadChat = (token: string): StoredChat | undefined => {
  try {
    return JSON.parse(localStorage.getItem(key(token)) ?? 'null') ?? undefined
  } catch {
    return undefined
  }
}

export const saveChat = (token: string, chat: StoredChat | undefined): void => {
  try {
    if (chat) localStorage.setItem(key(token), JSON.stringify(chat))
    else localStorage.removeItem(key(token))
  } catch {
    // See loadChat.
  }
}
