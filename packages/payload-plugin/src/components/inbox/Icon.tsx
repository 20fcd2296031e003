'use client'

import React from 'react'

const paths = {
  pin: 'M9 3h6l-1 6 3 3v2h-4v6l-1 1-1-1v-6H7v-2l3-3z',
  mute: 'M4 9h4l5-4v14l-5-4H4zM16 9l5 6M21 9l-5 6',
  archive: 'M3 4h18v4H3zM5 8v12h14V8M10 12h4',
  search: 'M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zM15.5 15.5 20 20',
  reply: 'M10 8 5 12l5 4M5 12h9a5 5 0 0 1 5 5v1',
  forward: 'M14 8l5 4-5 4M19 12h-9a5 5 0 0 0-5 5v1',
  back: 'M15 5 8 12l7 7',
  check: 'M5 12l5 5 9-10',
  read: 'M3 12l4 4 8-9M11 15l1 1 9-10',
  tag: 'M3 12V4h8l10 10-8 8zM7.5 7.5h.01',
  clip: 'M20 11l-8 8a5 5 0 0 1-7-7l8-8a3.5 3.5 0 0 1 5 5l-8 8a2 2 0 0 1-3-3l7-7',
} as const

export type IconName = keyof typeof paths

/** A small line icon in the text colour; decorative (the control around it carries the words). */
export const Icon: React.FC<{ name: IconName; className?: string }> = ({ name, className }) => (
  <svg
    aria-hidden="true"
    className={`sb-inbox-icon${className ? ` ${className}` : ''}`}
    fill="none"
    focusable="false"
    height="16"
    stroke="currentColor"
    strokeLinecap="round"
    strokeLinejoin="round"
    strokeWidth="1.8"
    viewBox="0 0 24 24"
    width="16"
  >
    <path d={paths[name]} />
  </svg>
)
