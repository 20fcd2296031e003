import type { StreamChat } from 'stream-chat'

import type { ResolvedStreamOptions } from '../types'
import type { StreamMember } from './members'

import { classifyStreamError, escalate } from './errors'

/** Stream accepts at most 100 users per upsert and 100 members per membership call. */
export const streamBatchSize = 100

const batches = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / streamBatchSize) }, (_, i) =>
    items.slice(i * streamBatchSize, (i + 1) * streamBatchSize),
  )

const upsertUsers = async (client: StreamChat, members: StreamMember[]): Promise<void> => {
  for (const batch of batches(members)) {
    await client.upsertUsers(batch.map(({ id, name, image }) => ({ id, name, ...(image ? { image } : {}) }))).catch(escalate)
  }
}

const asMemberPayload = (members: StreamMember[]) => members.map((m) => ({ user_id: m.id, channel_role: m.channelRole }))

/**
 * Runs a membership call; if Stream says some users do not exist (HTTP 400, code 4 — deleted
 * behind our back, say), upserts exactly those once and repeats the call. No sleeping: the
 * upsert has returned, so the users exist.
 */
const withMissingUsers = async <T>(call: () => Promise<T>, client: StreamChat, members: Map<string, StreamMember>): Promise<T> => {
  try {
    return await call()
  } catch (error) {
    const failure = classifyStreamError(error)
    if (failure.kind !== 'missing-users') return escalate(error)
    const missing = failure.userIds.map((id) => members.get(id)).filter((m): m is StreamMember => Boolean(m))
    if (missing.length === 0) return escalate(error)
    await upsertUsers(client, missing)
    return call().catch(escalate)
  }
}

const currentMembers = async (channel: ReturnType<StreamChat['channel']>) => {
  const found = new Map<string, string | undefined>()
  for (let offset = 0; ; offset += streamBatchSize) {
    const { members } = await channel.queryMembers({}, {}, { limit: streamBatchSize, offset }).catch(escalate)
    for (const m of members) if (m.user_id) found.set(m.user_id, m.channel_role)
    if (members.length < streamBatchSize) return found
  }
}

export interface ChannelSyncResult {
  channelId: string
  added: number
  removed: number
  rolesChanged: number
}

/**
 * Makes the Stream channel match the conversation: every member upserted first (batches of
 * ≤100), the channel created with the first ≤100 members, then the channel's actual members are
 * read back and the difference applied — missing members added, departed ones removed, channel
 * roles corrected — each in batches of ≤100. Safe to repeat: a second run changes nothing.
 */
export const syncChannel = async (
  client: StreamChat,
  stream: ResolvedStreamOptions,
  channelId: string,
  members: StreamMember[],
  createdById: string,
  /** Channel name for a new channel; an existing channel keeps its name. */
  name?: string,
): Promise<ChannelSyncResult> => {
  const byId = new Map(members.map((m) => [m.id, m]))
  await upsertUsers(client, members)

  const channel = client.channel(stream.channelType, channelId, {
    members: asMemberPayload(members.slice(0, streamBatchSize)),
    created_by_id: createdById,
    ...(name ? { name } : {}),
  } as Record<string, unknown>)
  await withMissingUsers(() => channel.create(), client, byId)

  const present = await currentMembers(channel)
  const missing = members.filter((m) => !present.has(m.id))
  const departed = [...present.keys()].filter((id) => !byId.has(id))
  const wrongRole = members.filter((m) => present.has(m.id) && present.get(m.id) !== m.channelRole)

  for (const batch of batches(missing)) await withMissingUsers(() => channel.addMembers(asMemberPayload(batch)), client, byId)
  for (const batch of batches(departed)) await channel.removeMembers(batch).catch(escalate)
  for (const batch of batches(wrongRole)) {
    await channel.assignRoles(batch.map((m) => ({ user_id: m.id, channel_role: m.channelRole }))).catch(escalate)
  }
  return { channelId, added: missing.length, removed: departed.length, rolesChanged: wrongRole.length }
}
