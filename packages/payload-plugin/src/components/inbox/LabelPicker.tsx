'use client'

import React, { useEffect, useId, useRef, useState } from 'react'

import type { Label } from './types'

import { labelColor } from './format'
import { Icon } from './Icon'
import './LabelPicker.scss'

const baseClass = 'sb-label-picker'

export interface LabelPickerProps {
  labels: Label[]
  /** Ids of the labels the conversation has. */
  selected: string[]
  onChange: (ids: string[]) => void
  /** Where editors manage labels; linked from the picker. */
  manageHref: string
  disabled?: boolean
}

/** A button opening a small list of labels with checkboxes; each change applies at once. */
export const LabelPicker: React.FC<LabelPickerProps> = ({ labels, selected, onChange, manageHref, disabled }) => {
  const [open, setOpen] = useState(false)
  const popoverId = useId()
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!open) return
    const onPointer = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', onPointer)
    // Focus the first checkbox so the keyboard can go on from the button.
    rootRef.current?.querySelector<HTMLInputElement>('input')?.focus()
    return () => document.removeEventListener('mousedown', onPointer)
  }, [open])

  const close = () => {
    setOpen(false)
    buttonRef.current?.focus()
  }

  return (
    <div
      className={baseClass}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault()
          close()
        }
      }}
      ref={rootRef}
    >
      <button
        aria-controls={open ? popoverId : undefined}
        aria-expanded={open}
        className="sb-thread-header__action"
        disabled={disabled}
        onClick={() => setOpen((value) => !value)}
        ref={buttonRef}
        type="button"
      >
        <Icon name="tag" />
        <span>Labels</span>
      </button>
      {open ? (
        <div aria-label="Apply labels" className={`${baseClass}__popover`} id={popoverId} role="group">
          {labels.length === 0 ? <p className={`${baseClass}__note`}>No labels yet.</p> : null}
          <ul className={`${baseClass}__items`}>
            {labels.map((label) => {
              const id = String(label.id)
              const checked = selected.includes(id)
              return (
                <li key={id}>
                  <label className={`${baseClass}__item`} style={{ '--sb-label-color': labelColor(label) } as React.CSSProperties}>
                    <input
                      checked={checked}
                      onChange={() => onChange(checked ? selected.filter((value) => value !== id) : [...selected, id])}
                      type="checkbox"
                    />
                    <span aria-hidden="true" className={`${baseClass}__dot`} />
                    <span>{label.name}</span>
                  </label>
                </li>
              )
            })}
          </ul>
          <a className={`${baseClass}__manage`} href={manageHref}>
            Manage labels
          </a>
        </div>
      ) : null}
    </div>
  )
}
