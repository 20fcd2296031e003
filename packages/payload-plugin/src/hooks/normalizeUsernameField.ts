import type { FieldHook } from 'payload'

import { normalizeTelegramUsername } from '../identity/username'

/** Field `beforeValidate` hook: only normalized usernames reach validation and the database. */
export const normalizeUsernameField: FieldHook = ({ value }) =>
  value === undefined ? value : normalizeTelegramUsername(value)
