import type { PayloadRequest, ServerProps } from 'payload'

import React from 'react'

import { isStaff } from '../../access/roles'
import { switchboardOptionsOf } from '../../options'
import { DashboardClient } from './DashboardClient'

/**
 * After the admin dashboard (`admin.components.afterDashboard`): the Switchboard figures and the
 * message-volume chart, for staff and admins only. Editors and everyone else get nothing (the
 * stats endpoints answer them 403). The figures are loaded in the browser, so the dashboard
 * renders without waiting for them.
 */
export const SwitchboardDashboard = ({ payload, user }: Partial<ServerProps>) => {
  if (!payload || !isStaff(user as PayloadRequest['user'])) return null
  const { slugs } = switchboardOptionsOf(payload)
  return <DashboardClient links={{ conversations: slugs.conversations, telegramUsers: slugs.telegramUsers }} />
}
