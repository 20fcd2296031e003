import type { BeforeListServerProps, Where } from 'payload'

import Link from 'next/link'
import React from 'react'

import './StaleLinksNotice.scss'

const baseClass = 'sb-stale-links'
const staleFilter = 'where[linkStatus][equals]=stale'

type SearchParams = Record<string, string | string[] | undefined | Record<string, unknown>>

/** True when the list is already filtered to stale links (flat `where[…]` keys or a parsed object). */
const filtersStale = (searchParams: SearchParams | undefined): boolean => {
  if (!searchParams) return false
  if (searchParams['where[linkStatus][equals]'] === 'stale') return true
  const where = searchParams.where as undefined | Where
  return (where?.linkStatus as undefined | { equals?: unknown })?.equals === 'stale'
}

/**
 * Above the telegram-users list: how many automatic links went stale (the Telegram username
 * changed after the link was made) and a link that filters the list to them. Counted with the
 * viewer's own access; renders nothing when there are none.
 */
export const StaleLinksNotice = async ({ collectionSlug, payload, searchParams, user }: Partial<BeforeListServerProps>) => {
  if (!payload || !collectionSlug) return null
  const adminRoute = payload.config.routes.admin
  const listUrl = `${adminRoute}/collections/${collectionSlug}`

  if (filtersStale(searchParams as SearchParams | undefined)) {
    return (
      <p className={baseClass}>
        Showing Telegram users whose automatic link went stale: their username changed since the link was made. Open each
        one to keep or remove the link. <Link href={listUrl}>Show all Telegram users</Link>
      </p>
    )
  }

  let stale = 0
  try {
    const { totalDocs } = await payload.count({
      collection: collectionSlug as 'telegram-users',
      where: { linkStatus: { equals: 'stale' } },
      overrideAccess: false,
      user,
    })
    stale = totalDocs
  } catch {
    // A collection override without linkStatus, or no read access: nothing to point at.
    return null
  }
  if (stale === 0) return null

  return (
    <p className={`${baseClass} ${baseClass}--attention`}>
      {stale === 1 ? '1 Telegram user has a stale link' : `${stale} Telegram users have stale links`}: the username
      changed since the automatic link was made.{' '}
      <Link href={`${listUrl}?${staleFilter}`}>Review {stale === 1 ? 'it' : 'them'}</Link>
    </p>
  )
}
