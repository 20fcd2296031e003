import type { CollectionConfig, Config } from 'payload'

import type { SwitchboardOptions } from './types'

import { cannedRepliesCollection } from './collections/cannedReplies'
import { chatAttachmentsCollection } from './collections/chatAttachments'
import { chatSessionsCollection } from './collections/chatSessions'
import { chatTokensCollection } from './collections/chatTokens'
import { conversationsCollection } from './collections/conversations'
import { extendUsers } from './collections/extendUsers'
import { labelsCollection } from './collections/labels'
import { messageVolumeCollection } from './collections/messageVolume'
import { messagesCollection } from './collections/messages'
import { syncLeasesCollection } from './collections/syncLeases'
import { telegramAccountsCollection } from './collections/telegramAccounts'
import { telegramUsersCollection } from './collections/telegramUsers'
import { binScripts } from './bin/scripts'
import { appendHooks, withOverrides } from './collections/withOverrides'
import { restrictDocumentLocks } from './access/documentLocks'
import { adminRequest } from './access/rules'
import { multipartOverhead } from './endpoints/chatAttachments'
import { switchboardEndpoints } from './endpoints'
import { withJobHeartbeat } from './jobs/jobHeartbeat'
import { refreshStatsTask } from './jobs/refreshStatsTask'
import { relinkTask } from './jobs/relinkTask'
import { streamSyncConversation } from './jobs/streamSyncConversation'
import { streamSyncMessage } from './jobs/streamSyncMessage'
import { telegramMediaCollection } from './collections/telegramMedia'
import { telegramDiscoverTaskConfig } from './jobs/telegramDiscoverTask'
import { telegramHistoryTaskConfig } from './jobs/telegramHistoryTask'
import { telegramMediaTaskConfig } from './jobs/telegramMediaTask'
import { telegramSendTaskConfig } from './jobs/telegramSendTask'
import { wakeSnoozedTaskConfig } from './jobs/wakeSnoozedTask'
import { assignmentEmailTaskConfig } from './jobs/assignmentEmailTask'
import { waitingEmailTaskConfig } from './jobs/waitingEmailTask'
import { resolveOptions } from './options'
import { guardApiInput } from './hooks/guardApiInput'
import { extendSchema } from './db/extendSchema'
import { logLostConnections } from './db/poolErrors'
import { clientComponent, serverComponent } from './constants'

export type { CollectionOverride, SwitchboardOptions, SwitchboardSlugs } from './types'
export { defaultSlugs } from './options'
export { roles, type Role } from './access/roles'
export { switchboardOptionsOf } from './options'
export { switchboardQueue, telegramAccountQueue, telegramQueue } from './constants'

/**
 * Switchboard: Telegram, website-widget and Stream Chat conversations in one Payload inbox.
 *
 * ```ts
 * plugins: [switchboardPlugin({ usersCollection: 'users' })]
 * ```
 */
export const switchboardPlugin =
  (pluginOptions: SwitchboardOptions = {}) =>
  (incomingConfig: Config): Config => {
    const options = resolveOptions(pluginOptions)
    const collections = incomingConfig.collections ?? []

    if (!collections.some((c) => c.slug === options.usersCollection)) {
      throw new Error(
        `switchboardPlugin: no collection with slug "${options.usersCollection}". Add your auth collection before the plugin or set usersCollection.`,
      )
    }
    const waiting = pluginOptions.notifications?.emailAfterWaitingMinutes
    if (waiting !== undefined && !(typeof waiting === 'number' && Number.isFinite(waiting) && waiting >= 0)) {
      throw new Error('switchboardPlugin: notifications.emailAfterWaitingMinutes must be a number of minutes (0 or unset: off).')
    }
    if (incomingConfig.db.name !== 'postgres') {
      throw new Error('switchboardPlugin: Switchboard stores everything in PostgreSQL; use @payloadcms/db-postgres.')
    }

    const own: Array<[keyof typeof options.slugs, CollectionConfig]> = [
      ['telegramAccounts', telegramAccountsCollection(options)],
      ['telegramUsers', telegramUsersCollection(options)],
      ['conversations', conversationsCollection(options)],
      ['messages', messagesCollection(options)],
      ['chatTokens', chatTokensCollection(options)],
      ['chatSessions', chatSessionsCollection(options)],
      ['labels', labelsCollection(options)],
      ['cannedReplies', cannedRepliesCollection(options)],
      ['syncLeases', syncLeasesCollection(options)],
      ['messageVolume', messageVolumeCollection(options)],
      ['media', telegramMediaCollection(options)],
      ['attachments', chatAttachmentsCollection(options)],
    ]
    // Uploads carry a file; the attachments collection takes bodies up to its file cap (plus the form around it).
    const bodyLimit = (key: keyof typeof options.slugs) =>
      key === 'attachments' ? Math.max(options.maxBodyBytes, options.attachments.maxBytes + multipartOverhead) : options.maxBodyBytes

    // Wrap the adapter factory so the schema extension runs whatever the host passed to postgresAdapter.
    const db = incomingConfig.db
    const init: typeof db.init = (args) => {
      const adapter = db.init(args) as ReturnType<typeof db.init> & { afterSchemaInit?: unknown[] }
      adapter.afterSchemaInit = [...(adapter.afterSchemaInit ?? []), extendSchema(options)]
      return adapter
    }

    return {
      ...incomingConfig,
      db: { ...db, init },
      collections: [
        ...collections.map((c) => (c.slug === options.usersCollection ? extendUsers(c, options) : c)),
        // The input guard runs first and stays when disabled: it only refuses what would fail in the database.
        ...own.map(([key, collection]) =>
          withOverrides(
            { ...collection, hooks: appendHooks({ beforeOperation: [guardApiInput(bodyLimit(key))] }, collection.hooks) },
            options.overrides[key],
          ),
        ),
      ],
      custom: { ...incomingConfig.custom, switchboard: options },
      onInit: async (payload) => {
        await incomingConfig.onInit?.(payload)
        logLostConnections(payload)
        restrictDocumentLocks(payload)
      },
      // `npx payload switchboard:worker`, `switchboard:relink`, `switchboard:telegram-login`.
      bin: [...(incomingConfig.bin ?? []), ...binScripts],
      admin: {
        ...incomingConfig.admin,
        components: {
          ...incomingConfig.admin?.components,
          // Switchboard admin UI (src/components): figures and message volume after the dashboard, for staff.
          afterDashboard: [
            ...(incomingConfig.admin?.components?.afterDashboard ?? []),
            ...(options.disabled ? [] : [serverComponent('SwitchboardDashboard'), serverComponent('HealthPanel')]),
          ],
          // The staff inbox at /admin/inbox[/<conversationId>], linked from the nav (staff only).
          afterNavLinks: [
            ...(incomingConfig.admin?.components?.afterNavLinks ?? []),
            ...(options.disabled ? [] : [clientComponent('InboxNavLink')]),
          ],
          views: {
            ...incomingConfig.admin?.components?.views,
            ...(options.disabled
              ? {}
              : {
                  switchboardInbox: {
                    Component: serverComponent('InboxView'),
                    path: '/inbox/:segments*' as const,
                    meta: { title: 'Inbox', description: 'Every customer conversation in one place.' },
                  },
                  switchboardTelegramConnect: {
                    Component: serverComponent('TelegramConnectView'),
                    path: '/telegram/connect' as const,
                    meta: { title: 'Connect a Telegram account', description: 'Log a Telegram account or bot in to Switchboard.' },
                  },
                }),
          },
        },
      },
      // Tasks stay registered when disabled so the jobs table keeps its shape.
      jobs: {
        ...incomingConfig.jobs,
        // Payload lets any logged-in user run, queue and cancel jobs over REST by default; running
        // Telegram jobs in a web process would open a second connection outside the worker's lease.
        // The worker and the web app's autoRun use the Local API, which these rules do not gate.
        access: { cancel: adminRequest, queue: adminRequest, run: adminRequest, ...incomingConfig.jobs?.access },
        // Per-conversation keys keep Stream jobs for one channel in order and collapse repeats.
        enableConcurrencyControl: true,
        tasks: [
          ...(incomingConfig.jobs?.tasks ?? []),
          // A running task heartbeats its job row, so a worker that dies mid-task is noticed.
          ...[
            relinkTask(options),
            refreshStatsTask(options),
            streamSyncConversation(options),
            streamSyncMessage(options),
            telegramDiscoverTaskConfig(options),
            telegramHistoryTaskConfig(options),
            telegramMediaTaskConfig(options),
            telegramSendTaskConfig(options),
            wakeSnoozedTaskConfig(options),
            assignmentEmailTaskConfig(options),
            waitingEmailTaskConfig(options),
          ].map(withJobHeartbeat),
        ],
      },
      endpoints: [...(incomingConfig.endpoints ?? []), ...switchboardEndpoints(options)],
    }
  }
