'use client'

import { useAuth, useConfig } from '@payloadcms/ui'
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import React from 'react'

import { useMyOpenCount } from './useMyOpenCount'
import './InboxNavLink.scss'

const staffRoles = ['admin', 'staff']

/** The number of open conversations waiting on the current staff member, live. */
const MyOpenBadge: React.FC<{ apiRoute: string; onInbox: boolean }> = ({ apiRoute, onInbox }) => {
  const count = useMyOpenCount(apiRoute, !onInbox)
  if (!count) return null
  return (
    <span className="sb-inbox-nav__badge" data-count={count} title={`${count} open conversation${count === 1 ? '' : 's'} assigned to you or unassigned`}>
      {count > 99 ? '99+' : count}
      <span className="sb-inbox-nav__hidden"> open, assigned to you or unassigned</span>
    </span>
  )
}

/**
 * "Inbox" in the admin navigation, for staff; styled like Payload's own nav links, with a live
 * count of the open conversations assigned to the current user or to no one.
 */
export const InboxNavLink: React.FC = () => {
  const { user } = useAuth()
  const { config } = useConfig()
  const pathname = usePathname()
  const roles = (user as { roles?: unknown } | null)?.roles
  if (!Array.isArray(roles) || !roles.some((role) => staffRoles.includes(String(role)))) return null

  const href = `${config.routes.admin === '/' ? '' : config.routes.admin}/inbox`
  const active = pathname === href || pathname.startsWith(`${href}/`)
  const label = (
    <>
      {active ? <div className="nav__link-indicator" /> : null}
      <span className="nav__link-label">Inbox</span>
      <MyOpenBadge apiRoute={config.routes.api} onInbox={active} />
    </>
  )
  return (
    <div className="sb-inbox-nav">
      {pathname === href ? (
        <div className="nav__link" id="nav-switchboard-inbox">
          {label}
        </div>
      ) : (
        <Link className="nav__link" href={href} id="nav-switchboard-inbox" prefetch={false}>
          {label}
        </Link>
      )}
    </div>
  )
}
