import type { HelpdeskReport as HelpdeskFigures } from '../../stats/helpdeskReport'

export type { DurationPoint, DurationSummary } from '../../stats/helpdeskReport'

/** What `GET /api/switchboard/stats` answers. */
export interface SwitchboardStats {
  conversations: {
    total: number
    bySource: Record<SourceKey, number>
    byType: Record<ConversationType, number>
    unread: number
    unreadMessages: number
    archived: number
    pinned: number
  }
  messages: { today: number; last7Days: number }
  telegramUsers: { linked: number; stale: number; unlinked: number }
  sync: {
    telegram: { idle: number; queued: number; running: number; failed: number }
    stream: { pending: number; synced: number; failed: number }
  }
  /** Conversations in the inbox (not archived) per status; who the open ones are assigned to. */
  helpdesk?: {
    byStatus: { open: number; pending: number; snoozed: number; resolved: number }
    unassignedOpen: number
    openByAssignee: Array<{ id: number; name: string; open: number }>
  }
  generatedAt: string
}

export type SourceKey = 'direct' | 'stream' | 'telegram' | 'widget'
export type ConversationType = 'channel' | 'direct' | 'group' | 'private' | 'supergroup' | 'widget'
export type Bucket = 'day' | 'week'

export interface VolumePoint {
  /** Start of the bucket: an ISO date (`2026-01-05`) or timestamp. */
  start: string
  in: number
  out: number
  bySource: Record<SourceKey, number>
}

/** What `GET /api/switchboard/stats/message-volume?bucket=…` answers. */
export interface MessageVolume {
  bucket: Bucket
  from: string
  to: string
  series: VolumePoint[]
}

/** Collection slugs the dashboard links to (list views filtered to what a figure counts). */
export interface DashboardLinks {
  conversations: string
  telegramUsers: string
}

/** What `GET /api/switchboard/stats/helpdesk?bucket=…` answers: the figures, with the range they cover. */
export interface HelpdeskReport extends HelpdeskFigures {
  bucket: Bucket
  from: string
  to: string
}
