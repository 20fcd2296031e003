import { commitTransaction, createLocalReq, initTransaction, killTransaction, type PaginatedDocs, type Payload, type Where } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { applyLinkRule, type LinkOutcome, type LinkState } from './autoLink'

export type RelinkReport = Record<LinkOutcome, number> & { examined: number; dryRun: boolean }

const pageSize = 500

/**
 * Applies the automatic linking rule to every existing telegram-user (the backfill): existing
 * automatic links first, so names that moved away are marked stale before anyone could be linked
 * under them, then unlinked accounts. One transaction: a dry run rolls it back, so it reports
 * exactly what a real run would do. Idempotent: a second run finds nothing to change.
 */
export const relinkAll = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  { dryRun = false, onProgress }: { dryRun?: boolean; onProgress?: (report: RelinkReport) => void } = {},
): Promise<RelinkReport> => {
  const report: RelinkReport = { examined: 0, dryRun, linked: 0, restored: 0, stale: 0, ambiguous: 0, reused: 0, unchanged: 0, withdrawn: 0 }
  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  try {
    const passes: Where[] = [
      { and: [{ user: { exists: true } }, { linkSource: { equals: 'auto' } }] },
      {
        and: [
          { user: { exists: false } },
          { username: { exists: true } },
          { or: [{ linkSource: { exists: false } }, { linkSource: { equals: 'auto' } }] },
        ],
      },
    ]
    for (const where of passes) {
      // Keyset pages: linking moves rows out of the second pass's filter, which would make
      // offset pages skip rows.
      for (let after: number | string = 0, more = true; more; ) {
        const batch: PaginatedDocs = await payload.find({
          collection: options.slugs.telegramUsers,
          depth: 0,
          limit: pageSize,
          overrideAccess: true,
          pagination: false,
          req,
          sort: 'id',
          where: { and: [where, { id: { greater_than: after } }] },
        })
        more = batch.docs.length === pageSize
        after = batch.docs.at(-1)?.id ?? after
        for (const telegramUser of batch.docs) {
          report[await applyLinkRule(req, options, telegramUser as LinkState & { id: number | string })]++
          report.examined++
        }
        onProgress?.(report)
      }
    }
    if (dryRun) await killTransaction(req)
    else await commitTransaction(req)
    return report
  } catch (error) {
    await killTransaction(req)
    throw error
  }
}
