'use client'

import type { UIFieldClientProps } from 'payload'

import { Button, useConfig, useDocumentInfo } from '@payloadcms/ui'
import Link from 'next/link'
import React, { useEffect, useState } from 'react'

import { formatDate } from '../shared/formatDate'
import { isAbort, messageOf, RequestError, requestJson } from '../shared/request'
import {
  atUsername,
  type ConversationSummary,
  sourceLabels,
  staleExplanation,
  statusLabels,
  type UserLinksReport,
  userLabel,
} from './linking'
import './LinkedTelegramAccounts.scss'

export interface LinkedTelegramAccountsProps {
  /** @default 'telegram-users' */
  telegramUsersCollection?: string
  /** @default 'conversations' */
  conversationsCollection?: string
}

const baseClass = 'sb-linked-accounts'

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

const viaLabels = { customer: 'as customer', participant: 'as participant' } as const

/**
 * On the user edit view: what this user sees and why. Lists the Telegram accounts linked to the
 * user (how and in what state) with the conversations each makes visible, the user's own direct
 * and website conversations, and the total — from `GET /api/switchboard/users/:id/links`.
 * Renders nothing for people the endpoint refuses (it is for staff).
 */
export const LinkedTelegramAccounts: React.FC<Partial<UIFieldClientProps> & LinkedTelegramAccountsProps> = ({
  telegramUsersCollection = 'telegram-users',
  conversationsCollection = 'conversations',
}) => {
  const { config } = useConfig()
  const { id, data } = useDocumentInfo()
  const [report, setReport] = useState<UserLinksReport | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [forbidden, setForbidden] = useState(false)
  const [loading, setLoading] = useState(false)
  const [reloads, setReloads] = useState(0)

  const apiRoute = config.routes.api
  const adminRoute = config.routes.admin
  const updatedAt = (data as { updatedAt?: string } | undefined)?.updatedAt

  useEffect(() => {
    if (id === undefined) return
    const controller = new AbortController()
    setLoading(true)
    requestJson<UserLinksReport>(`${apiRoute}/switchboard/users/${encodeURIComponent(String(id))}/links`, { signal: controller.signal })
      .then((loaded) => {
        setReport(loaded)
        setError(undefined)
        setLoading(false)
      })
      .catch((caught: unknown) => {
        if (isAbort(caught)) return
        if (caught instanceof RequestError && caught.status === 403) setForbidden(true)
        else setError(messageOf(caught))
        setLoading(false)
      })
    return () => controller.abort()
  }, [apiRoute, id, updatedAt, reloads])

  if (id === undefined || forbidden) return null

  const conversationLink = (conversation: ConversationSummary) => (
    <Link href={`${adminRoute}/collections/${conversationsCollection}/${encodeURIComponent(String(conversation.id))}`}>
      {conversation.title || `Conversation ${conversation.id}`}
    </Link>
  )
  const conversationMeta = (conversation: ConversationSummary) =>
    [conversation.type || conversation.source, conversation.lastMessageAt ? `last message ${formatDate(conversation.lastMessageAt)}` : '']
      .filter(Boolean)
      .join(' · ')

  return (
    <div className={baseClass}>
      <div className={`${baseClass}__header`}>
        <h3 className={`${baseClass}__title`}>Telegram accounts and conversations</h3>
        <Button buttonStyle="subtle" disabled={loading} margin={false} onClick={() => setReloads((n) => n + 1)} size="small" type="button">
          {loading ? 'Loading…' : 'Reload'}
        </Button>
      </div>

      {error ? (
        <p className={`${baseClass}__error`} role="alert">
          Could not load what this user sees: {error}
        </p>
      ) : null}
      {!report ? (
        !error ? <p className={`${baseClass}__muted`}>Loading…</p> : null
      ) : (
        <>
          <p className={`${baseClass}__summary`}>
            {userLabel(report.user)} sees {plural(report.totalVisible, 'conversation', 'conversations')} in total
            {report.user.telegramUsername ? ` (Telegram username ${atUsername(report.user.telegramUsername)})` : ''}.
          </p>

          <h4 className={`${baseClass}__subtitle`}>Linked Telegram accounts</h4>
          {report.telegramAccounts.length === 0 ? (
            <p className={`${baseClass}__muted`}>
              No Telegram account is linked to this user.{' '}
              {report.user.telegramUsername
                ? `A Telegram user named ${atUsername(report.user.telegramUsername)} is linked automatically once it is synced; otherwise link it by hand from its Telegram user page.`
                : 'Set their Telegram username to link automatically, or link a Telegram user by hand from its page.'}
            </p>
          ) : (
            <ul className={`${baseClass}__accounts`}>
              {report.telegramAccounts.map((account) => {
                const status = account.linkStatus ?? 'linked'
                return (
                  <li className={`${baseClass}__account${status === 'stale' ? ` ${baseClass}__account--stale` : ''}`} key={String(account.id)}>
                    <div className={`${baseClass}__account-head`}>
                      <Link
                        className={`${baseClass}__name`}
                        href={`${adminRoute}/collections/${telegramUsersCollection}/${encodeURIComponent(String(account.id))}`}
                      >
                        {atUsername(account.username) || account.displayName || `Telegram ${account.telegramId ?? account.id}`}
                      </Link>
                      {account.username && account.displayName ? <span className={`${baseClass}__muted`}>{account.displayName}</span> : null}
                    </div>
                    <p className={`${baseClass}__muted`}>
                      {account.linkSource ? sourceLabels[account.linkSource] : 'Link source unknown'} ·{' '}
                      <span className={`${baseClass}__status--${status}`}>{statusLabels[status]}</span>
                      {account.linkedAt ? ` · linked ${formatDate(account.linkedAt)}` : ''}
                      {account.linkedBy ? ` by ${userLabel(account.linkedBy)}` : ''}
                    </p>
                    {status === 'stale' ? <p className={`${baseClass}__stale`}>{staleExplanation}</p> : null}
                    {account.conversations.length === 0 ? (
                      <p className={`${baseClass}__muted`}>No conversations through this account yet.</p>
                    ) : (
                      <ul className={`${baseClass}__conversations`}>
                        {account.conversations.map((conversation) => (
                          <li key={String(conversation.id)}>
                            {conversationLink(conversation)} <span className={`${baseClass}__muted`}>{conversationMeta(conversation)}</span>
                          </li>
                        ))}
                        {(account.totalConversations ?? 0) > account.conversations.length ? (
                          <li className={`${baseClass}__muted`}>
                            and {(account.totalConversations ?? 0) - account.conversations.length} more
                          </li>
                        ) : null}
                      </ul>
                    )}
                  </li>
                )
              })}
            </ul>
          )}

          <h4 className={`${baseClass}__subtitle`}>Direct and website conversations</h4>
          {report.directConversations.length === 0 ? (
            <p className={`${baseClass}__muted`}>None.</p>
          ) : (
            <ul className={`${baseClass}__conversations`}>
              {report.directConversations.map((conversation) => (
                <li key={String(conversation.id)}>
                  {conversationLink(conversation)}{' '}
                  <span className={`${baseClass}__muted`}>
                    {[conversationMeta(conversation), conversation.via ? viaLabels[conversation.via] : ''].filter(Boolean).join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  )
}
