'use client'

import React, { useCallback, useEffect, useState } from 'react'

type Permission = 'unsupported' | NotificationPermission

const supported = () => typeof window !== 'undefined' && 'Notification' in window

/** Whether this browser may show notifications, and a way to ask (it must follow a click). */
export const useNotificationPermission = (): { permission: Permission; request: () => void } => {
  const [permission, setPermission] = useState<Permission>('unsupported')
  useEffect(() => setPermission(supported() ? Notification.permission : 'unsupported'), [])
  const request = useCallback(() => {
    if (!supported()) return
    void Notification.requestPermission().then(setPermission, () => undefined)
  }, [])
  return { permission, request }
}

/**
 * A browser notification, when allowed and the tab is hidden (a visible inbox shows the message
 * itself). One per conversation at a time (`tag`); a click brings the tab back and opens it.
 */
export const notify = (title: string, body: string, tag: string, onClick: () => void): void => {
  if (!supported() || Notification.permission !== 'granted' || document.visibilityState !== 'hidden') return
  try {
    const notification = new Notification(title, { body, tag })
    notification.onclick = () => {
      window.focus()
      onClick()
      notification.close()
    }
  } catch {
    // Some browsers only allow notifications from a service worker: the inbox works without.
  }
}

/** "Enable notifications": shown until the person has granted or refused them. */
export const EnableNotifications: React.FC<{ permission: Permission; onRequest: () => void }> = ({ permission, onRequest }) =>
  permission === 'default' ? (
    <button
      className="sb-inbox__notifications"
      onClick={onRequest}
      title="Get a browser notification when a customer writes in a conversation assigned to you while this tab is in the background."
      type="button"
    >
      Enable notifications
    </button>
  ) : null
