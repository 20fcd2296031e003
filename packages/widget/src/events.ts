import type { ChatMessage } from './contract'

/**
 * The custom events `<switchboard-chat>` dispatches, by name, with their `detail`. All bubble and
 * cross the shadow boundary (`composed`), so a page can listen on the element or on `document`:
 * `chat.addEventListener('switchboard-message', (e) => e.detail.message)` is typed.
 */
export interface SwitchboardEventMap {
  /** A message arrived over the stream (staff's, or the customer's from another tab), or one the customer sent was confirmed by the server. */
  'switchboard-message': CustomEvent<{ message: ChatMessage }>
  /** The panel opened. */
  'switchboard-open': CustomEvent<Record<string, never>>
  /** The panel closed. */
  'switchboard-close': CustomEvent<Record<string, never>>
  /** The number of staff messages that arrived while the panel was closed changed (also on load, when a previous page left some; 0 once opened). */
  'switchboard-unread': CustomEvent<{ count: number }>
  /** An error is shown to the customer: `status` is the HTTP status, 0 when the server could not be reached or nothing was sent. */
  'switchboard-error': CustomEvent<{ message: string; status: number }>
}

/** Dispatches one of the widget's events from `target`. */
export const emit = <K extends keyof SwitchboardEventMap>(target: EventTarget, type: K, detail: SwitchboardEventMap[K]['detail']): void => {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
}

declare global {
  // Merged into the DOM's map, so `addEventListener('switchboard-…')` types `detail`.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends SwitchboardEventMap {}
}
