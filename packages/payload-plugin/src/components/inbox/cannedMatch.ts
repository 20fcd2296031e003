/**
 * The canned-reply lookup of the composer: `/` at the start of the text or after a space opens it;
 * what follows (up to the caret) filters by shortcut, then title, then text. No React here.
 */
import type { CannedReply } from './types'

export interface SlashQuery {
  /** Where the `/` is. */
  start: number
  /** The text typed after it, up to the caret. */
  query: string
}

/** The `/query` the caret is in, if any. */
export const slashQueryAt = (value: string, caret: number): SlashQuery | undefined => {
  const before = value.slice(0, caret)
  const match = /(^|\s)\/([^\s/]*)$/.exec(before)
  if (!match) return undefined
  return { start: caret - match[2]!.length - 1, query: match[2]!.toLowerCase() }
}

/** Replies matching the query: shortcut prefix first, then title, then text containing it. */
export const matchCannedReplies = (replies: CannedReply[], query: string, limit = 8): CannedReply[] => {
  if (!query) return replies.slice(0, limit)
  const rank = (reply: CannedReply): number => {
    if (reply.shortcut?.toLowerCase().startsWith(query)) return 0
    if (reply.title.toLowerCase().startsWith(query)) return 1
    if (reply.title.toLowerCase().includes(query)) return 2
    if (reply.text.toLowerCase().includes(query)) return 3
    return -1
  }
  return replies
    .map((reply) => [rank(reply), reply] as const)
    .filter(([r]) => r >= 0)
    .sort((a, b) => a[0] - b[0])
    .slice(0, limit)
    .map(([, reply]) => reply)
}

/** The text with the `/query` replaced by the reply, and where the caret goes. */
export const insertCannedReply = (value: string, at: SlashQuery, caret: number, reply: CannedReply): { value: string; caret: number } => {
  const next = value.slice(0, at.start) + reply.text + value.slice(caret)
  return { value: next, caret: at.start + reply.text.length }
}
