import type { AdminViewServerProps } from 'payload'

import React from 'react'

import { isStaff } from '../access/roles'
import { TelegramConnect } from '../components/telegram/TelegramConnect'
import { switchboardOptionsOf } from '../options'
import { adminTemplate } from './adminTemplate'

const wrapper = { padding: 'calc(var(--base) * 2) var(--gutter-h)' }

/** The `?account=<id>` of a re-login, if it is a positive whole number. */
const accountParam = (searchParams: AdminViewServerProps['searchParams']): number | undefined => {
  const value = searchParams?.account
  const text = Array.isArray(value) ? value[0] : value
  return text && /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined
}

/**
 * `/admin/telegram/connect[?account=<id>]`: connecting a Telegram account (phone and code, or a
 * bot token) inside the admin's layout; with `?account=` it logs that account in again. Staff
 * only, like the login endpoints it calls; everyone else gets a short note.
 */
export const TelegramConnectView = async (props: AdminViewServerProps) => {
  const { req } = props.initPageResult
  const { payload, user } = req
  const options = switchboardOptionsOf(payload)

  const inLayout = adminTemplate(props, 'telegram-connect')
  const template = (children: React.ReactNode) =>
    inLayout(
      <div className="sb-telegram-connect-view" style={wrapper}>
        {children}
      </div>,
    )

  if (!isStaff(user)) {
    return template(
      <>
        <h1>Connect a Telegram account</h1>
        <p>Only staff can connect Telegram accounts.</p>
      </>,
    )
  }

  const accountsSlug = options.slugs.telegramAccounts
  const accountId = accountParam(props.searchParams)
  // A re-login shows the account's name and kind and fills in its phone number.
  const account =
    accountId === undefined
      ? undefined
      : ((await payload
          .findByID({ collection: accountsSlug, id: accountId, depth: 0, disableErrors: true, overrideAccess: false, req, user })
          .catch(() => null)) as null | { kind?: null | string; name?: null | string; phone?: null | string })

  if (accountId !== undefined && !account) {
    const adminRoute = payload.config.routes.admin === '/' ? '' : payload.config.routes.admin
    return template(
      <>
        <h1>Log in again</h1>
        <p role="alert">There is no Telegram account with id {accountId}. It may have been deleted.</p>
        <p>
          <a href={`${adminRoute}/telegram/connect`}>Connect a Telegram account</a>
        </p>
      </>,
    )
  }

  // Said up front, before anyone types a phone number; the endpoints refuse with the same advice.
  const unconfigured = !options.telegram.apiId || !options.telegram.apiHash
  return template(
    <>
      {unconfigured ? (
        <p className="sb-telegram-connect-view__warning">
          TELEGRAM_API_ID and TELEGRAM_API_HASH are not set, so Telegram cannot be reached. Create an app at https://my.telegram.org, set
          both on the server and restart it.
        </p>
      ) : null}
      <TelegramConnect
        accountId={accountId}
        accountKind={account?.kind === 'bot' || account?.kind === 'user' ? account.kind : undefined}
        accountName={account?.name ?? undefined}
        accountsSlug={accountsSlug}
        phone={account?.phone ?? undefined}
      />
    </>,
  )
}
