/**
 * A customer message not yet confirmed by the server. `sending`: on its way; `queued`: waiting
 * for the network or a session (sent again with the same clientMessageId); `failed`: refused, the
 * customer may retry or discard it.
 */
export interface PendingMessage {
  clientMessageId: string
  text: string
  sentAt: string
  state: 'sending' | 'queued' | 'failed'
  tries: number
}
