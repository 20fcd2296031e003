'use client'

import React from 'react'

import type { LiveStatus } from './useLiveEvents'

import './LiveIndicator.scss'

const words: Record<LiveStatus, { text: string; title: string }> = {
  live: { text: 'Live', title: 'New messages appear as they arrive.' },
  connecting: { text: 'Connecting…', title: 'Connecting to live updates.' },
  offline: { text: 'Not live', title: 'Live updates are unavailable; the inbox reloads every 20 seconds.' },
}

/** Whether live updates are flowing. */
export const LiveIndicator: React.FC<{ status: LiveStatus }> = ({ status }) => (
  <span className="sb-live-indicator" data-status={status} role="status" title={words[status].title}>
    <span aria-hidden="true" className="sb-live-indicator__dot" />
    {words[status].text}
  </span>
)
