'use client'

import { useCallback } from 'react'

import type { InboxApi } from './api'
import type { Conversation, ID, LiveEvent } from './types'

import { notify, useNotificationPermission } from './notifications'
import { sameId } from './sameId'

export interface AssignedNotifications {
  permission: ReturnType<typeof useNotificationPermission>['permission']
  request: () => void
  /** Notifies of a customer's message when its conversation is assigned to me and the tab is hidden. */
  notifyIfMine: (data: LiveEvent['data']) => Promise<void>
}

/** Browser notifications: a customer writes in a conversation assigned to me. */
export const useAssignedNotifications = (
  api: InboxApi,
  currentUserId: ID,
  find: (id: ID) => Conversation | undefined,
  navigate: (conversationId: ID) => void,
): AssignedNotifications => {
  const { permission, request } = useNotificationPermission()
  const notifyIfMine = useCallback(
    async (data: LiveEvent['data']) => {
      if (permission !== 'granted' || document.visibilityState !== 'hidden') return
      // Not on screen (another filter): read it to know whose it is.
      const conversation = find(data.conversationId) ?? (await api.getConversation(data.conversationId).catch(() => undefined))
      const assignee = conversation?.assignee
      if (!conversation || !sameId(typeof assignee === 'object' && assignee ? assignee.id : (assignee ?? undefined), currentUserId)) return
      notify(
        `${data.senderName || 'Customer'}: ${conversation.title || 'New message'}`,
        (data.text ?? '').slice(0, 140),
        `sb-conversation-${String(data.conversationId)}`,
        () => navigate(data.conversationId),
      )
    },
    [api, currentUserId, find, navigate, permission],
  )
  return { permission, request, notifyIfMine }
}
