'use client'

import type { TextFieldClientProps } from 'payload'

import { TextInput, useField, useFormFields, withCondition } from '@payloadcms/ui'
import React from 'react'

import './LabelColorField.scss'

const baseClass = 'sb-label-color'
const fallbackColor = '#64748b'

/**
 * `#rrggbb` (lower-case) for what a person typed: `#3B82F6`, `3b82f6` and `#38f` all become
 * `#3b82f6`/`#3388ff`. Undefined when it is not a colour. The server trims and lower-cases too and
 * accepts only `#rrggbb`.
 */
export const normalizeHexColor = (input: unknown): string | undefined => {
  if (typeof input !== 'string') return undefined
  const hex = input.trim().toLowerCase().replace(/^#?/, '#')
  if (/^#[0-9a-f]{6}$/.test(hex)) return hex
  if (/^#[0-9a-f]{3}$/.test(hex)) return `#${[...hex.slice(1)].map((digit) => digit + digit).join('')}`
  return undefined
}

/** Relative luminance of a `#rrggbb` colour (WCAG 2). */
const luminance = (hex: string): number => {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** Black or white, whichever reads better on `background` (`#rrggbb`). */
export const textColorOn = (background: string): '#000000' | '#ffffff' => {
  const l = luminance(background)
  // Contrast with black is (l + 0.05) / 0.05, with white 1.05 / (l + 0.05).
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff'
}

/**
 * The label `color` field: Payload's text input for the hex value, a native colour picker next
 * to it, and a chip showing the label's name in that colour as it will look in the inbox. The
 * stored value stays `#rrggbb`; a short form (`#38f`, `38f`) is expanded when the input loses focus.
 */
const LabelColorFieldComponent: React.FC<TextFieldClientProps> = (props) => {
  // The server validates the value (`#rrggbb`) through Payload's form state; no client validate here.
  const { field, path: pathFromProps, readOnly } = props
  const { admin: { className, description, placeholder } = {}, label, localized, required } = field

  const {
    customComponents: { AfterInput, BeforeInput, Description, Error, Label } = {},
    disabled,
    path,
    setValue,
    showError,
    value,
  } = useField<string>({ potentiallyStalePath: pathFromProps })
  // The label's own name field (a sibling at the top level of the labels collection).
  const name = useFormFields(([fields]) => fields?.name?.value)

  const text = typeof value === 'string' ? value : ''
  const color = normalizeHexColor(text)
  const shown = color ?? fallbackColor
  const locked = Boolean(readOnly || disabled)
  const inputId = `field-${path.replace(/\./g, '__')}`
  const chipName = typeof name === 'string' && name.trim() ? name.trim() : 'Label'

  return (
    <div
      className={`${baseClass}${color ? '' : ` ${baseClass}--invalid`}`}
      // Expand short forms once the person leaves the text input (focusout bubbles in React).
      onBlur={(event) => {
        if (event.target.id !== inputId || locked) return
        if (color && color !== text) setValue(color)
      }}
    >
      <TextInput
        AfterInput={
          <>
            <span
              aria-label={`Preview: ${chipName}`}
              className={`${baseClass}__chip`}
              data-color={color ?? ''}
              role="img"
              style={{ backgroundColor: shown, color: textColorOn(shown) }}
            >
              {chipName}
            </span>
            {text && !color ? (
              <span className={`${baseClass}__hint`} role="status">
                Not a colour yet: use #rrggbb, for example #3b82f6.
              </span>
            ) : null}
            {AfterInput}
          </>
        }
        BeforeInput={
          <>
            {BeforeInput}
            <input
              aria-label={`Pick ${typeof label === 'string' ? label.toLowerCase() : 'colour'}`}
              className={`${baseClass}__picker`}
              disabled={locked}
              onChange={(event) => setValue(event.target.value.toLowerCase())}
              type="color"
              value={shown}
            />
          </>
        }
        className={[className, `${baseClass}__field`].filter(Boolean).join(' ')}
        Description={Description}
        description={description}
        Error={Error}
        htmlAttributes={{ autoComplete: 'off' }}
        Label={Label}
        label={label}
        localized={localized}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => setValue(event.target.value)}
        path={path}
        placeholder={placeholder ?? '#rrggbb'}
        readOnly={locked}
        required={required}
        showError={showError}
        value={text}
      />
    </div>
  )
}

export const LabelColorField = withCondition(LabelColorFieldComponent)
