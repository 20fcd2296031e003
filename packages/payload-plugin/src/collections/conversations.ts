import type { CollectionConfig, Field } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { readConversations } from '../access/conversationAccess'
import { hasRole } from '../access/roles'
import { staffOnly, staffOnlyField, teamMemberField } from '../access/rules'
import { bigintNumber } from '../fields/bigintNumber'
import { engineOnly } from '../fields/engineOnly'
import { restrictFields } from '../fields/restrictFields'
import { endSessionsOfDeletedConversation, endSessionsOfOtherCustomers } from '../hooks/accessChanged'
import { checkConversationStatus, recordStatusChange, scheduleSnoozeWake } from '../hooks/conversationStatus'
import { announceCustomerSeen, markCustomerSeen } from '../hooks/customerSeen'
import { deleteConversationMessages } from '../hooks/deleteConversationMessages'
import { assignmentActions, conversationStatuses, statusLabels } from '../helpdesk'
import { notifyAssignee } from '../hooks/notifyAssignee'
import { recordAssignment } from '../hooks/recordAssignment'
import { markConversationPending, queueConversationStreamSync } from '../hooks/queueStreamSync'
import { clientComponent } from '../constants'

const conversationFields = (options: ResolvedSwitchboardOptions): Field[] => [
  { name: 'title', type: 'text' },
  {
    type: 'row',
    fields: [
      {
        name: 'source',
        type: 'select',
        required: true,
        options: [
          { label: 'Telegram', value: 'telegram' },
          { label: 'Website widget', value: 'widget' },
          { label: 'Direct', value: 'direct' },
          { label: 'Stream Chat', value: 'stream' },
        ],
      },
      {
        name: 'type',
        type: 'select',
        required: true,
        options: ['private', 'group', 'supergroup', 'channel', 'widget', 'direct'].map((value) => ({
          label: value[0]!.toUpperCase() + value.slice(1),
          value,
        })),
      },
    ],
  },
  { name: 'account', type: 'relationship', relationTo: options.slugs.telegramAccounts },
  bigintNumber({ name: 'externalId', label: 'Telegram peer ID' }),
  {
    name: 'participants',
    type: 'relationship',
    relationTo: [options.usersCollection, options.slugs.telegramUsers],
    hasMany: true,
  },
  {
    type: 'row',
    fields: [
      { name: 'provider', type: 'relationship', relationTo: options.usersCollection, index: true },
      { name: 'customer', type: 'relationship', relationTo: options.usersCollection, index: true },
    ],
  },
  { name: 'labels', type: 'relationship', relationTo: options.slugs.labels, hasMany: true },
  {
    type: 'row',
    fields: [
      {
        // Where the conversation stands for the team; a customer's new message reopens it. Not
        // `required`: that would make it a required argument of GraphQL's createConversation; the
        // default and `checkConversationStatus` keep it set.
        name: 'status',
        type: 'select',
        defaultValue: 'open',
        options: conversationStatuses.map((value) => ({ label: statusLabels[value], value })),
      },
      {
        // When a snoozed conversation reopens by itself (a job on the `switchboard` queue).
        name: 'snoozedUntil',
        type: 'date',
        admin: { condition: (data) => data?.status === 'snoozed', date: { pickerAppearance: 'dayAndTime' } },
      },
      {
        // The staff member answering it; empty: unassigned. Each change is logged below.
        name: 'assignee',
        type: 'relationship',
        relationTo: options.usersCollection,
        filterOptions: { roles: { in: ['admin', 'staff'] } },
      },
    ],
  },
  // Written by the assignment hook only, and read by the team only.
  teamLog('Assignment log', 'assignmentEvents', [
    { name: 'action', type: 'select', required: true, options: assignmentActions.map((value) => ({ label: value, value })) },
    { name: 'assignee', type: 'relationship', relationTo: options.usersCollection },
    { name: 'by', type: 'relationship', relationTo: options.usersCollection },
    { name: 'at', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
  ]),
  // Every change of `status`, for the response and resolution reports (docs/inbox.md, "Reports"):
  // written by the status hook and by the SQL that reopens on a customer's message; read by the team only.
  teamLog('Status log', 'statusEvents', [
    { name: 'status', type: 'select', required: true, options: conversationStatuses.map((value) => ({ label: statusLabels[value], value })) },
    { name: 'previous', type: 'select', options: conversationStatuses.map((value) => ({ label: statusLabels[value], value })) },
    { name: 'by', type: 'relationship', relationTo: options.usersCollection },
    { name: 'at', type: 'date', required: true, index: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
  ]),
  {
    type: 'row',
    fields: [
      { name: 'isPinned', type: 'checkbox', defaultValue: false, label: 'Pinned' },
      { name: 'isArchived', type: 'checkbox', defaultValue: false, label: 'Archived' },
      { name: 'isMuted', type: 'checkbox', defaultValue: false, label: 'Muted', index: true },
    ],
  },
  { name: 'unreadCount', type: 'number', defaultValue: 0, min: 0, index: true },
  // When staff last read the conversation (set when its unread count goes to 0): the widget shows
  // "Seen" under the customer's last message sent at or before it.
  ...engineOnly([{ name: 'customerSeenAt', type: 'date', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } }]),
  // When staff were last emailed that the customer waits (notifications.emailAfterWaitingMinutes): once per wait.
  ...engineOnly([{ name: 'waitNotifiedAt', type: 'date', access: { read: teamMemberField }, admin: { hidden: true } }]),
  { name: 'lastMessageAt', type: 'date', index: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
  { name: 'lastMessagePreview', type: 'text' },
  {
    type: 'collapsible',
    label: 'Customer contact',
    admin: { condition: (data) => Boolean(data?.contactName || data?.contactEmail || data?.contactPhone) },
    fields: [
      {
        type: 'row',
        fields: [
          { name: 'contactName', type: 'text' },
          { name: 'contactEmail', type: 'email' },
          { name: 'contactPhone', type: 'text' },
        ],
      },
    ],
  },
  { name: 'about', type: 'textarea' },
  { name: 'participantCount', type: 'number', min: 0 },
  { name: 'photoUrl', type: 'text' },
  // Switchboard admin UI (src/components/telegram): progress and the sync buttons, outside the collapsible.
  ...(options.disabled
    ? []
    : [
        {
          name: 'telegramSyncPanel',
          type: 'ui' as const,
          admin: {
            components: { Field: clientComponent('ConversationSyncPanel') },
            condition: (data: Record<string, unknown>) => data?.source === 'telegram',
          },
        },
      ]),
  {
    type: 'collapsible',
    label: 'Telegram sync',
    admin: { initCollapsed: true, condition: (data) => data?.source === 'telegram' },
    // Written by the sync engine only: an edit form holding stale values cannot move a cursor back.
    fields: engineOnly([
      // The incremental cursor: the newest Telegram message id stored for this conversation.
      bigintNumber({ name: 'lastSyncedMessageId', admin: { readOnly: true } }),
      // Full-history backfill position: the oldest message id reached so far.
      bigintNumber({ name: 'backfillCursor', admin: { readOnly: true } }),
      // Telegram's access hash for this peer (per account): needed to address it, useless elsewhere.
      { name: 'telegramAccessHash', type: 'text', hidden: true },
      {
        name: 'syncStatus',
        type: 'select',
        defaultValue: 'idle',
        index: true,
        options: ['idle', 'queued', 'running', 'failed'].map((value) => ({ label: value, value })),
        admin: { readOnly: true },
      },
      { name: 'fullSyncCompleted', type: 'checkbox', defaultValue: false, admin: { readOnly: true } },
      { name: 'lastSyncedAt', type: 'date', admin: { readOnly: true } },
      { name: 'syncedMessageCount', type: 'number', defaultValue: 0, admin: { readOnly: true } },
      { name: 'totalMessageCount', type: 'number', admin: { readOnly: true } },
      { name: 'syncError', type: 'textarea', admin: { readOnly: true } },
    ]),
  },
  {
    type: 'collapsible',
    label: 'Stream Chat',
    admin: { initCollapsed: true },
    // Written by the Stream jobs only.
    fields: engineOnly([
      ...(options.stream && !options.disabled
        ? [{ name: 'streamResync', type: 'ui' as const, admin: { components: { Field: clientComponent('StreamResyncButton') } } }]
        : []),
      { name: 'streamChannelId', type: 'text', index: true, admin: { readOnly: true } },
      {
        name: 'streamSyncStatus',
        type: 'select',
        options: ['pending', 'synced', 'failed'].map((value) => ({ label: value, value })),
        admin: { readOnly: true },
      },
      { name: 'streamSyncedAt', type: 'date', admin: { readOnly: true } },
      { name: 'streamError', type: 'textarea', admin: { readOnly: true } },
    ]),
  },
]

/**
 * A log on the conversation (assignment, status): an array the engine appends to, shown read-only
 * in a collapsed section once it has entries, readable by the team only.
 */
const teamLog = (label: string, name: string, fields: Field[]): Field => ({
  type: 'collapsible',
  label,
  admin: { initCollapsed: true, condition: (data) => Array.isArray(data?.[name]) && data[name].length > 0 },
  fields: engineOnly([{ name, type: 'array', access: { read: teamMemberField }, admin: { readOnly: true }, fields: [{ type: 'row', fields }] }]),
})

export const conversationsCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.conversations,
  admin: {
    group: options.adminGroup,
    useAsTitle: 'title',
    defaultColumns: ['title', 'status', 'assignee', 'source', 'type', 'unreadCount', 'lastMessageAt', 'labels'],
    listSearchableFields: ['title', 'lastMessagePreview'],
  },
  access: {
    create: staffOnly,
    delete: staffOnly,
    read: readConversations(options),
    // Editors may update, but field access below lets them change labels only.
    update: ({ req }) => hasRole(req.user, 'admin', 'staff', 'editor'),
  },
  // Editors label conversations; every other field stays staff-only to change.
  fields: restrictFields(conversationFields(options), { except: ['labels'], update: staffOnlyField }),
  hooks: {
    // Kept when disabled: it is what makes deleting a conversation possible at all.
    beforeDelete: [deleteConversationMessages(options)],
    // Kept when disabled: it keeps `status` and `snoozedUntil` consistent, which is data, not behaviour.
    // The assignment log is kept when disabled too (only automatic assignment is behaviour).
    beforeChange: [
      checkConversationStatus,
      recordStatusChange,
      recordAssignment(options),
      markCustomerSeen,
      ...(options.stream && !options.disabled ? [markConversationPending(options.stream)] : []),
    ],
    ...(options.disabled
      ? {}
      : {
          afterChange: [
            endSessionsOfOtherCustomers,
            scheduleSnoozeWake,
            announceCustomerSeen,
            ...(options.notifications.emailOnAssign ? [notifyAssignee] : []),
            ...(options.stream ? [queueConversationStreamSync] : []),
          ],
          afterDelete: [endSessionsOfDeletedConversation],
        }),
  },
  indexes: [
    // Telegram peer ids are unique per connected account; widget/direct rows have no account.
    { fields: ['account', 'externalId'], unique: true },
    // The inbox: not archived, pinned first, newest activity first.
    { fields: ['isArchived', 'isPinned', 'lastMessageAt'] },
    { fields: ['source', 'type'] },
    // Inbox tabs: a status, newest activity first (and per assignee: "Mine").
    { fields: ['status', 'lastMessageAt'] },
    { fields: ['assignee', 'status'] },
  ],
})
