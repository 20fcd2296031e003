import type { CollectionConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { readMessages } from '../access/conversationAccess'
import { staffOnly } from '../access/rules'
import { engineOnly } from '../fields/engineOnly'
import { bigintNumber } from '../fields/bigintNumber'
import { queueDeletedMessageStreamSync, queueMessageStreamSync } from '../hooks/queueStreamSync'
import { describeAttachment } from '../hooks/describeAttachment'
import { keepNotesInternal } from '../hooks/keepNotesInternal'
import { prepareTelegramReply, queueTelegramReply } from '../hooks/telegramReply'
import { updateConversationActivity } from '../hooks/updateConversationActivity'
import { notifyMessageChanged, notifyMessageDeleted } from '../realtime/notify'

export const messagesCollection = (options: ResolvedSwitchboardOptions): CollectionConfig => ({
  slug: options.slugs.messages,
  admin: {
    group: options.adminGroup,
    useAsTitle: 'text',
    defaultColumns: ['conversation', 'senderName', 'text', 'direction', 'sentAt'],
  },
  access: { create: staffOnly, delete: staffOnly, read: readMessages(options), update: staffOnly },
  defaultSort: '-sentAt',
  fields: [
    { name: 'conversation', type: 'relationship', relationTo: options.slugs.conversations, required: true, index: true },
    // Telegram message ids are unique only within a conversation (see the compound index below).
    bigintNumber({ name: 'externalId', label: 'Telegram message ID' }),
    {
      type: 'row',
      fields: [
        { name: 'sender', type: 'relationship', relationTo: [options.usersCollection, options.slugs.telegramUsers] },
        { name: 'senderName', type: 'text' },
      ],
    },
    { name: 'text', type: 'textarea' },
    // A file sent with the message: from the widget, or attached to a staff reply.
    { name: 'attachment', type: 'upload', relationTo: options.slugs.attachments },
    {
      type: 'row',
      fields: [
        {
          name: 'direction',
          type: 'select',
          required: true,
          defaultValue: 'out',
          options: [
            { label: 'Incoming', value: 'in' },
            { label: 'Outgoing', value: 'out' },
          ],
        },
        {
          name: 'kind',
          type: 'select',
          required: true,
          defaultValue: 'text',
          options: [
            { label: 'Text', value: 'text' },
            { label: 'Media', value: 'media' },
            { label: 'Service (join, title change…)', value: 'service' },
            // Staff only: never sent anywhere, never shown to customers (see `isNote`).
            { label: 'Internal note', value: 'note' },
          ],
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'sentAt',
          type: 'date',
          required: true,
          // Newest-first search, dashboard counts and the volume chart read by time across conversations.
          index: true,
          defaultValue: () => new Date().toISOString(),
          admin: { date: { pickerAppearance: 'dayAndTime' } },
        },
        { name: 'editedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'deletedAt', type: 'date', index: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
    { name: 'serviceAction', type: 'text', admin: { condition: (data) => data?.kind === 'service' } },
    bigintNumber({ name: 'replyToExternalId', label: 'Reply to (Telegram message ID)' }),
    {
      type: 'collapsible',
      label: 'Forwarded from',
      admin: { initCollapsed: true },
      fields: [
        { name: 'forwardFromName', type: 'text' },
        { name: 'forwardFromId', type: 'text', admin: { description: 'Telegram peer id of the original sender.' } },
        { name: 'forwardDate', type: 'date' },
      ],
    },
    {
      type: 'collapsible',
      label: 'Media',
      admin: { initCollapsed: true, condition: (data) => data?.kind === 'media' },
      fields: [
        {
          name: 'mediaType',
          type: 'select',
          options: ['photo', 'video', 'document', 'audio', 'voice', 'sticker', 'animation', 'contact', 'location', 'poll', 'other'].map(
            (value) => ({ label: value, value }),
          ),
        },
        { name: 'mediaMimeType', type: 'text' },
        { name: 'mediaSize', type: 'number', min: 0 },
        { name: 'mediaFileName', type: 'text' },
        { name: 'mediaUrl', type: 'text' },
        // The download's state, kept by the media job.
        ...engineOnly([
        { name: 'mediaFile', type: 'upload', relationTo: options.slugs.media, admin: { readOnly: true } },
        {
          type: 'row',
          fields: [
            {
              // Download state of Telegram media: pending until the media job has stored or given up on it.
              name: 'mediaStatus',
              type: 'select',
              index: true,
              options: ['pending', 'downloaded', 'failed', 'skipped'].map((value) => ({ label: value, value })),
              admin: { readOnly: true },
            },
            { name: 'mediaAttempts', type: 'number', defaultValue: 0, admin: { readOnly: true } },
          ],
        },
        { name: 'mediaError', type: 'text', admin: { readOnly: true } },
        ]),
      ],
    },
    {
      type: 'collapsible',
      label: 'Delivery to Telegram',
      admin: { initCollapsed: true, condition: (data) => Boolean(data?.deliveryStatus) },
      // Set by the reply hook and the send job; Retry goes through its endpoint.
      fields: engineOnly([
        {
          type: 'row',
          fields: [
            {
              // Staff replies in Telegram conversations: pending until the worker has sent them.
              name: 'deliveryStatus',
              type: 'select',
              index: true,
              options: ['pending', 'sent', 'failed'].map((value) => ({ label: value, value })),
              admin: { readOnly: true },
            },
            {
              // Telegram's idempotency key for the send: a resend after a crash is recognised, never delivered twice.
              name: 'telegramRandomId',
              type: 'text',
              admin: { readOnly: true },
            },
          ],
        },
        { name: 'deliveryError', type: 'text', admin: { readOnly: true } },
      ]),
    },
    ...engineOnly([
      {
        // Id of a message that came from Stream (webhook): a replayed event stores it once.
        name: 'streamMessageId',
        type: 'text',
        unique: true,
        admin: { readOnly: true, position: 'sidebar' },
      },
    ]),
    {
      // Idempotency key of a widget message or an inbox reply: a retried send returns the first message.
      name: 'clientMessageId',
      type: 'text',
      admin: { readOnly: true },
    },
  ],
  hooks: options.disabled
    ? {}
    : {
        beforeChange: [keepNotesInternal, describeAttachment(options), prepareTelegramReply(options)],
        afterChange: [
          updateConversationActivity(options),
          queueTelegramReply(options),
          notifyMessageChanged,
          ...(options.stream ? [queueMessageStreamSync(options, options.stream)] : []),
        ],
        afterDelete: [notifyMessageDeleted, ...(options.stream ? [queueDeletedMessageStreamSync(options, options.stream)] : [])],
      },
  indexes: [
    { fields: ['conversation', 'externalId'], unique: true },
    { fields: ['conversation', 'clientMessageId'], unique: true },
    // A conversation's transcript, in order.
    { fields: ['conversation', 'sentAt'] },
  ],
})
