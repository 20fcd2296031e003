'use client'

import React from 'react'

import './telegram.scss'

export interface SyncProgressProps {
  /** Messages stored so far. */
  synced: number
  /** Telegram's estimate of the messages there are; null or undefined while it is not known. */
  total?: null | number
  /** The history is fully synced: a missing total then means "all of them", not "unknown". */
  complete?: boolean
  /** What the bar is about, for screen readers (the visible text says the numbers). */
  label: string
}

// A fixed locale: the server renders this too, and its locale must match the browser's.
const numberFormat = new Intl.NumberFormat('en-US')
const count = (value: number) => numberFormat.format(value)
const messages = (value: number) => `${count(value)} ${value === 1 ? 'message' : 'messages'}`

/** What the bar shows: a fraction of a known total, a finished history, or an unknown total. */
export const describeProgress = ({ synced, total, complete }: Pick<SyncProgressProps, 'complete' | 'synced' | 'total'>) => {
  const stored = Math.max(0, synced)
  if (typeof total === 'number' && total > 0) {
    // Telegram's count is an estimate: more can be stored than it announced.
    const max = Math.max(total, stored)
    // Rounded down, so a sync with messages still to go never reads 100%.
    const percent = stored >= max ? 100 : Math.floor((stored / max) * 100)
    return { max, value: stored, percent, text: `${count(stored)} of ${messages(max)} (${percent}%)` }
  }
  if (complete || total === 0) {
    return { max: Math.max(1, stored), value: Math.max(1, stored), percent: 100, text: stored ? `${messages(stored)} (complete)` : 'No messages' }
  }
  return { max: undefined, value: undefined, percent: undefined, text: `${messages(stored)} so far (total not known yet)` }
}

/**
 * A progress bar for synced messages: `role="progressbar"` with the numbers for assistive
 * technology and as visible text ("1,234 of 5,000 messages (25%)"); indeterminate, with no
 * value, while Telegram has not said how many messages there are.
 */
export const SyncProgress: React.FC<SyncProgressProps> = ({ synced, total, complete, label }) => {
  const { max, value, percent, text } = describeProgress({ synced, total, complete })
  const indeterminate = percent === undefined
  return (
    <div className="sb-sync-progress">
      <div
        aria-label={label}
        aria-valuemax={max}
        aria-valuemin={indeterminate ? undefined : 0}
        aria-valuenow={value}
        aria-valuetext={text}
        className={`sb-sync-progress__track${indeterminate ? ' sb-sync-progress__track--indeterminate' : ''}`}
        role="progressbar"
      >
        <div className="sb-sync-progress__bar" style={indeterminate ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="sb-sync-progress__text">
        {text}
      </p>
    </div>
  )
}
