import { Api } from 'telegram'

import type { TelegramInvoker } from './source'

import { type FloodPolicy, withFloodWait } from './floodWait'
import { entitiesOf } from './mapper'
import { inputChannel, peerFromMarkedId } from './peers'
import { applyMessages, applyUpdate, readUpdateState, saveUpdateState, type UpdateState, type UpdateTarget } from './updates'
import { poolSql } from '../db/sqlExecutor'
import { channelConversations } from '../db/telegramConversations'

export interface CatchUpReport {
  /** `difference` when Telegram replayed what was missed; `reconcile` when it could not. */
  mode: 'difference' | 'none' | 'reconcile'
  messages: number
  /** Channels whose own difference was too long: they get an incremental sync. */
  reconciledChannels: number[]
}

export interface CatchUpHooks {
  /** Fallback for the whole account: every dialog beyond its cursor gets an incremental sync. */
  reconcileAccount: () => Promise<void>
  /** Fallback for one conversation (a channel whose difference is too long). */
  reconcileConversation: (conversationId: number) => Promise<void>
  lease?: { name: string; holder: string; fencingToken: number }
}

const channelPage = 100

/**
 * Catch-up after downtime or a reconnect (GramJS's own `catchUp` does nothing): from the stored
 * update state, `updates.getDifference` replays what the account missed (private chats and basic
 * groups), and `updates.getChannelDifference` does the same per channel. When Telegram answers
 * "too long", or there is no stored state, the fallback is an incremental `minId` sync of every
 * conversation whose newest message is beyond its cursor.
 */
export const catchUp = async (client: TelegramInvoker, target: UpdateTarget, hooks: CatchUpHooks, flood: FloodPolicy, me?: bigint): Promise<CatchUpReport> => {
  const call = <R extends Api.AnyRequest>(request: R) => withFloodWait(() => client.invoke(request), flood)
  const report: CatchUpReport = { mode: 'difference', messages: 0, reconciledChannels: [] }
  const stored = await readUpdateState(target)
  const save = (state: UpdateState) => saveUpdateState(target, state, hooks.lease)

  const apply = async (result: { newMessages: Api.TypeMessage[]; otherUpdates: Api.TypeUpdate[]; users: Api.TypeUser[]; chats: Api.TypeChat[] }) => {
    const entities = entitiesOf(result.users, result.chats)
    await applyMessages(target, result.newMessages, entities, 'new')
    for (const update of result.otherUpdates) await applyUpdate(target, update, me, entities)
    report.messages += result.newMessages.length
  }

  if (!stored.pts) {
    // Nothing to resume from: remember where Telegram is now, and reconcile by cursor.
    const state = await call(new Api.updates.GetState())
    await save({ pts: state.pts, qts: state.qts, date: state.date })
    await hooks.reconcileAccount()
    return { ...report, mode: 'reconcile' }
  }

  let state = { pts: stored.pts, qts: stored.qts ?? 0, date: stored.date ?? 0 }
  for (;;) {
    const difference = await call(new Api.updates.GetDifference({ pts: state.pts, qts: state.qts, date: state.date }))
    if (difference instanceof Api.updates.DifferenceEmpty) {
      await save({ date: difference.date })
      break
    }
    if (difference instanceof Api.updates.DifferenceTooLong) {
      await save({ pts: difference.pts })
      await hooks.reconcileAccount()
      report.mode = 'reconcile'
      break
    }
    await apply(difference)
    const next = difference instanceof Api.updates.DifferenceSlice ? difference.intermediateState : difference.state
    state = { pts: next.pts, qts: next.qts, date: next.date }
    await save(state)
    if (difference instanceof Api.updates.Difference) break
  }

  // Channels have their own pts: each stored one resumes; the others are reconciled by cursor.
  for (const row of await channelConversations(poolSql(target.payload), target.options, target.accountId)) {
    const peer = peerFromMarkedId(Number(row.external_id), row.telegram_access_hash)
    let pts: number = stored.channels?.[peer.id] ?? 0
    if (!pts) {
      await hooks.reconcileConversation(Number(row.id))
      continue
    }
    for (;;) {
      const difference: Api.updates.TypeChannelDifference = await call(
        new Api.updates.GetChannelDifference({ channel: inputChannel(peer), filter: new Api.ChannelMessagesFilterEmpty(), pts, limit: channelPage }),
      )
      if (difference instanceof Api.updates.ChannelDifferenceEmpty) {
        await save({ channels: { [peer.id]: difference.pts } })
        break
      }
      if (difference instanceof Api.updates.ChannelDifferenceTooLong) {
        const dialog = difference.dialog
        if (dialog instanceof Api.Dialog && dialog.pts) await save({ channels: { [peer.id]: dialog.pts } })
        await hooks.reconcileConversation(Number(row.id))
        report.reconciledChannels.push(Number(row.id))
        break
      }
      await apply(difference)
      pts = difference.pts
      await save({ channels: { [peer.id]: pts } })
      if (difference.final) break
    }
  }
  return report
}
