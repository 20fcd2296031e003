/**
 * Request-context flags of the Stream mirror. A write made by the mirror itself (job status, a
 * message that came from a Stream webhook) carries `fromStream`, so the outbox hooks do not send
 * it straight back.
 */
export const streamContext = { fromStream: 'switchboardFromStream' } as const
