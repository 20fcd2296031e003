'use client'

import React, { useId } from 'react'

import type { Conversation, CurrentUser, ID, PersonDoc } from './types'

import { docId } from './api'
import { personName } from './format'

const baseClass = 'sb-thread-header'

export interface AssigneePickerProps {
  conversation: Conversation
  staff: PersonDoc[]
  currentUser: CurrentUser
  onChange: (assignee: ID | null) => void
}

const idOf = (value: Conversation['assignee']): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? String(value.id) : String(value)

/** Who answers the conversation: a staff member or no one, and "Assign to me". */
export const AssigneePicker: React.FC<AssigneePickerProps> = ({ conversation, staff, currentUser, onChange }) => {
  const id = useId()
  const current = idOf(conversation.assignee)
  // The assignee may be missing from the list (no longer staff): keep them selectable as shown.
  const options = staff.some((person) => String(person.id) === current) || !current || typeof conversation.assignee !== 'object'
    ? staff
    : [...staff, conversation.assignee as PersonDoc]
  return (
    <>
      <label className="sb-inbox-visually-hidden" htmlFor={id}>
        Assignee
      </label>
      <select
        className={`${baseClass}__snooze`}
        data-assignee={current || 'none'}
        id={id}
        onChange={(event) => onChange(event.target.value ? docId(event.target.value) : null)}
        value={current}
      >
        <option value="">Unassigned</option>
        {options.map((person) => (
          <option key={String(person.id)} value={String(person.id)}>
            {String(person.id) === String(currentUser.id) ? `${personName(person) ?? currentUser.name} (me)` : (personName(person) ?? `User ${person.id}`)}
          </option>
        ))}
      </select>
      {current === String(currentUser.id) ? null : (
        <button className={`${baseClass}__action`} onClick={() => onChange(docId(currentUser.id))} type="button">
          <span>Assign to me</span>
        </button>
      )}
    </>
  )
}
