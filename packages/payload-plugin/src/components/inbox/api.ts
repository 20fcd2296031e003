/**
 * The inbox's REST calls: Payload's collection API for conversations, messages and labels, and
 * Switchboard's search endpoint. All go through `requestJson` (same origin, cookie auth).
 */
import type {
  CannedReply,
  Conversation,
  CurrentUser,
  DocResponse,
  ID,
  InboxFilters,
  InboxSettings,
  Label,
  Message,
  PaginatedDocs,
  PersonDoc,
  SearchResponse,
  StatusCounts,
} from './types'

import { RequestError, requestJson } from '../shared/request'

export const conversationsPageSize = 30
export const messagesPageSize = 50

type Params = Array<[string, number | string | undefined]>

/**
 * An id as the database has it: ids from the URL are strings, and Payload refuses `"6"` for a
 * relationship to a collection with numeric (Postgres serial) ids.
 */
export const docId = (id: ID): ID => (typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : id)

export const queryString = (params: Params): string => {
  const search = new URLSearchParams()
  for (const [key, value] of params) if (value !== undefined && value !== '') search.append(key, String(value))
  return search.toString()
}

/** Payload `where` parameters for the list filters. */
export const filterParams = (filters: InboxFilters, user: CurrentUser | undefined): Params => {
  const params: Params = []
  if (filters.status === 'active') params.push(['where[isArchived][not_equals]', 'true'])
  if (filters.status === 'archived') params.push(['where[isArchived][equals]', 'true'])
  if (filters.conversationStatus) params.push(['where[status][equals]', filters.conversationStatus])
  if (filters.assignee === 'me' && user) params.push(['where[assignee][equals]', user.id])
  if (filters.assignee === 'unassigned') params.push(['where[assignee][exists]', 'false'])
  if (filters.source) params.push(['where[source][equals]', filters.source])
  if (filters.type) params.push(['where[type][equals]', filters.type])
  if (filters.unread) params.push(['where[unreadCount][greater_than]', 0])
  if (filters.pinned) params.push(['where[isPinned][equals]', 'true'])
  if (filters.muted) params.push(['where[isMuted][equals]', 'true'])
  if (filters.provider === 'me' && user) params.push(['where[provider][equals]', user.id])
  if (filters.labels.length > 0) params.push(['where[labels][in]', filters.labels.join(',')])
  const title = filters.title.trim()
  if (title) params.push(['where[title][like]', title])
  return params
}

export interface InboxApi {
  listConversations: (filters: InboxFilters, options: { limit: number; page?: number; signal?: AbortSignal }) => Promise<PaginatedDocs<Conversation>>
  getConversation: (id: ID, signal?: AbortSignal) => Promise<Conversation>
  updateConversation: (
    id: ID,
    data: Partial<Pick<Conversation, 'isArchived' | 'isMuted' | 'isPinned' | 'snoozedUntil' | 'status' | 'unreadCount'>> & { assignee?: ID | null; labels?: ID[] },
  ) => Promise<Conversation>
  /** Conversations per status under the archive filter of `filters` (the tabs' counts). */
  statusCounts: (filters: InboxFilters, signal?: AbortSignal) => Promise<StatusCounts>
  listLabels: (signal?: AbortSignal) => Promise<Label[]>
  /** The team's canned replies, by title. */
  listCannedReplies: (signal?: AbortSignal) => Promise<CannedReply[]>
  /** Staff and admins: who a conversation can be assigned to. */
  listStaff: (signal?: AbortSignal) => Promise<PersonDoc[]>
  /** Newest first: messages of a conversation sent at or before `before` (all when undefined). */
  listMessages: (
    conversationId: ID,
    options: { before?: string; notBefore?: string; limit?: number; page?: number; signal?: AbortSignal },
  ) => Promise<PaginatedDocs<Message>>
  getMessage: (id: ID, signal?: AbortSignal) => Promise<Message>
  /** Messages of a conversation with these Telegram message ids (reply targets). */
  findByExternalIds: (conversationId: ID, externalIds: string[], signal?: AbortSignal) => Promise<Message[]>
  /** A reply to the customer, or with `kind: 'note'` an internal note for the team. */
  sendReply: (conversationId: ID, text: string, senderName: string, clientMessageId: string, kind?: 'note' | 'text', attachment?: ID) => Promise<Message>
  /** Stores a file for a reply in the conversation; returns its id for `sendReply`. */
  uploadAttachment: (conversationId: ID, file: File) => Promise<ID>
  /** Where a message's attachment is served (`/<id>` appended). */
  attachmentsUrl: string
  /** Sends a Telegram reply again that Telegram refused (same random id: delivered at most once). */
  resendReply: (messageId: ID) => Promise<void>
  search: (
    query: { q: string; conversation?: ID; labels?: string[]; cursor?: null | string; limit?: number },
    signal?: AbortSignal,
  ) => Promise<SearchResponse>
  /** Tells the conversation's customer (the widget) that a reply is being typed; rate limited by the server to one per 2 s. */
  announceTyping: (conversationId: ID) => Promise<void>
  eventsUrl: string
}

export const createInboxApi = (apiRoute: string, settings: InboxSettings, user: CurrentUser | undefined): InboxApi => {
  const conversations = `${apiRoute}/${settings.conversationsSlug}`
  const messages = `${apiRoute}/${settings.messagesSlug}`
  return {
    listConversations: async (filters, { limit, page = 1, signal }) =>
      requestJson<PaginatedDocs<Conversation>>(
        `${conversations}?${queryString([...filterParams(filters, user), ['sort', '-lastMessageAt'], ['limit', limit], ['page', page], ['depth', 1]])}`,
        { signal },
      ),
    announceTyping: async (conversationId) => {
      await requestJson(`${apiRoute}/switchboard/conversations/${encodeURIComponent(String(conversationId))}/typing`, { method: 'POST' })
    },
    getConversation: (id, signal) => requestJson<Conversation>(`${conversations}/${encodeURIComponent(String(id))}?depth=1`, { signal }),
    // Inbox actions (flags, labels, read state) go through while a colleague has the edit view open.
    updateConversation: async (id, data) => {
      const { doc } = await requestJson<DocResponse<Conversation>>(`${conversations}/${encodeURIComponent(String(id))}?depth=1&overrideLock=true`, {
        method: 'PATCH',
        body: JSON.stringify(data),
      })
      return doc
    },
    statusCounts: async (filters, signal) =>
      (
        await requestJson<{ counts: StatusCounts }>(
          `${apiRoute}/switchboard/inbox/counts?${queryString([
            ['archived', filters.status === 'active' ? 'exclude' : filters.status === 'archived' ? 'only' : 'any'],
            ['assignee', filters.assignee],
          ])}`,
          { signal },
        )
      ).counts,
    listCannedReplies: async (signal) =>
      (
        await requestJson<PaginatedDocs<CannedReply>>(
          `${apiRoute}/${settings.cannedRepliesSlug}?${queryString([['limit', 500], ['sort', 'title'], ['depth', 0]])}`,
          { signal },
        )
      ).docs,
    listStaff: async (signal) =>
      (
        await requestJson<PaginatedDocs<PersonDoc>>(
          `${apiRoute}/${settings.usersSlug}?${queryString([
            ['where[roles][in]', 'admin,staff'],
            ['limit', 200],
            ['sort', 'email'],
            ['depth', 0],
            ['select[displayName]', 'true'],
            ['select[email]', 'true'],
          ])}`,
          { signal },
        )
      ).docs,
    listLabels: async (signal) =>
      (await requestJson<PaginatedDocs<Label>>(`${apiRoute}/${settings.labelsSlug}?${queryString([['limit', 100], ['sort', 'name'], ['depth', 0]])}`, { signal }))
        .docs,
    listMessages: (conversationId, { before, notBefore, limit = messagesPageSize, page = 1, signal }) =>
      requestJson<PaginatedDocs<Message>>(
        `${messages}?${queryString([
          ['where[conversation][equals]', conversationId],
          ['where[sentAt][less_than_equal]', before],
          ['where[sentAt][greater_than_equal]', notBefore],
          // Newest first; the id breaks ties between messages sent in the same millisecond.
          ['sort', '-sentAt,-id'],
          ['limit', limit],
          ['page', page],
          ['depth', 0],
        ])}`,
        { signal },
      ),
    getMessage: (id, signal) => requestJson<Message>(`${messages}/${encodeURIComponent(String(id))}?depth=0`, { signal }),
    findByExternalIds: async (conversationId, externalIds, signal) =>
      (
        await requestJson<PaginatedDocs<Message>>(
          `${messages}?${queryString([
            ['where[conversation][equals]', conversationId],
            ['where[externalId][in]', externalIds.join(',')],
            ['limit', externalIds.length],
            ['depth', 0],
          ])}`,
          { signal },
        )
      ).docs,
    resendReply: async (messageId) => {
      await requestJson(`${apiRoute}/switchboard/messages/${encodeURIComponent(String(messageId))}/retry`, { method: 'POST' })
    },
    uploadAttachment: async (conversationId, file) => {
      const form = new FormData()
      form.append('file', file)
      form.append('_payload', JSON.stringify({ conversation: docId(conversationId) }))
      const { doc } = await requestJson<DocResponse<{ id: ID }>>(`${apiRoute}/${settings.attachmentsSlug}?depth=0`, { method: 'POST', body: form })
      return doc.id
    },
    attachmentsUrl: `${apiRoute}/chat/attachments`,
    sendReply: async (conversationId, text, senderName, clientMessageId, kind = 'text', attachment) => {
      const stored = () =>
        requestJson<PaginatedDocs<Message>>(
          `${messages}?${queryString([
            ['where[conversation][equals]', docId(conversationId)],
            ['where[clientMessageId][equals]', clientMessageId],
            ['depth', 0],
          ])}`,
        ).then((page) => page.docs[0])
      const { doc } = await requestJson<DocResponse<Message>>(`${messages}?depth=0`, {
        method: 'POST',
        body: JSON.stringify({
          conversation: docId(conversationId),
          text,
          direction: 'out',
          kind,
          ...(attachment === undefined ? {} : { attachment: docId(attachment) }),
          senderName,
          sender: user ? { relationTo: settings.usersSlug, value: docId(user.id) } : undefined,
          // The live event for this message carries it back, so the thread matches it to the pending reply.
          clientMessageId,
        }),
      }).catch(async (error: unknown) => {
        // A retry after an answer that never arrived: the first attempt was stored (the
        // conversation's clientMessageId is unique), so that message is the reply.
        const earlier = error instanceof RequestError && error.status === 400 ? await stored() : undefined
        if (earlier) return { doc: earlier }
        throw error
      })
      return doc
    },
    search: ({ q, conversation, labels, cursor, limit = 20 }, signal) =>
      requestJson<SearchResponse>(
        `${apiRoute}/switchboard/search?${queryString([
          ['q', q],
          ['conversation', conversation],
          ['label', labels && labels.length > 0 ? labels.join(',') : undefined],
          ['limit', limit],
          ['cursor', cursor ?? undefined],
        ])}`,
        { signal },
      ),
    eventsUrl: `${apiRoute}/switchboard/events`,
  }
}
