'use client'

import React from 'react'

import type { Label } from './types'

import { labelColor } from './format'
import './LabelChip.scss'

/** A label's name with its colour as a dot and border; the text keeps the theme's colour so it stays readable. */
export const LabelChip: React.FC<{ label: Label; size?: 'medium' | 'small' }> = ({ label, size = 'small' }) => (
  <span
    className={`sb-label-chip sb-label-chip--${size}`}
    data-label-id={String(label.id)}
    style={{ '--sb-label-color': labelColor(label) } as React.CSSProperties}
  >
    <span aria-hidden="true" className="sb-label-chip__dot" />
    {label.name}
  </span>
)
