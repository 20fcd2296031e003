import type { Endpoint, PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { findLinkedTelegramUsers } from '../identity/autoLink'
import { issueVerificationCode, pendingVerification } from '../identity/verification'
import { findDoc, findOwnDocs, relationId } from '../localApi'
import { EndpointError, handleEndpointErrors } from '../http/errors'

/** The logged-in user of the plugin's auth collection; verification is about one's own account. */
const loggedInUser = (req: PayloadRequest, options: ResolvedSwitchboardOptions) => {
  if (!req.user || req.user.collection !== options.usersCollection) {
    throw new EndpointError(401, 'Log in first, then verify your Telegram account.')
  }
  return req.user
}

interface VerificationTarget {
  kind: 'bot' | 'user'
  username: string
}

/**
 * The connected account people send their code to: a bot when there is one (its deep link sends
 * `/start <code>` with one tap), else a user account with a public username.
 */
const verificationTarget = async (req: PayloadRequest, options: ResolvedSwitchboardOptions): Promise<VerificationTarget | undefined> => {
  const accounts = await findOwnDocs(req.payload, options, 'telegramAccounts', { status: { equals: 'connected' } }, { limit: 20, req })
  for (const account of [...accounts].sort((a, b) => Number(a.kind !== 'bot') - Number(b.kind !== 'bot'))) {
    if (account.kind === 'bot' && account.botUsername) return { kind: 'bot', username: account.botUsername }
    const telegramUser = relationId(account.telegramUser)
    const self = telegramUser ? await findDoc(req, options.slugs.telegramUsers, telegramUser, { username: true }) : null
    if (self?.username) return { kind: 'user', username: String(self.username) }
  }
  return undefined
}

/** `https://t.me/…` opening the chat with the code ready to send. */
const deepLink = ({ kind, username }: VerificationTarget, code: string) =>
  kind === 'bot' ? `https://t.me/${username}?start=${code}` : `https://t.me/${username}?text=${encodeURIComponent(code)}`

/**
 * `POST /api/switchboard/telegram/verification` (logged in): a one-time code (10 minutes, single
 * use, stored hashed) and the `t.me` link that sends it. When the Telegram user sends it to the
 * connected account or bot, the worker links exactly that Telegram account to the caller.
 *
 * `GET` the same path: the caller's claim, whether a code is pending, and the Telegram accounts
 * linked to them — what a "Verify on Telegram" control shows.
 */
export const telegramVerificationEndpoints = (options: ResolvedSwitchboardOptions): Endpoint[] => [
  {
    path: '/switchboard/telegram/verification',
    method: 'post',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        const user = loggedInUser(req, options)
        const target = await verificationTarget(req, options)
        if (!target) {
          throw new EndpointError(503, 'Telegram verification is not available yet: no Telegram account or bot with a username is connected. Ask the team to connect one.')
        }
        const { code, expiresAt } = await issueVerificationCode(req, options, user.id)
        return Response.json(
          {
            code,
            expiresAt: expiresAt.toISOString(),
            url: deepLink(target, code),
            sendTo: `@${target.username}`,
            instructions:
              target.kind === 'bot'
                ? `Open the link and press Start in the chat with @${target.username} within 10 minutes.`
                : `Open the link and send the code to @${target.username} on Telegram within 10 minutes.`,
          },
          { status: 201 },
        )
      }),
  },
  {
    path: '/switchboard/telegram/verification',
    method: 'get',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        const user = loggedInUser(req, options)
        const linked = await findLinkedTelegramUsers(req, options, user.id, { username: true, linkSource: true, linkedAt: true })
        const pendingUntil = await pendingVerification(req, options, user.id)
        return Response.json({
          claim: (user.telegramUsernameClaim as null | string | undefined) ?? null,
          pendingUntil: pendingUntil?.toISOString() ?? null,
          verified: linked
            .filter((account) => account.linkSource === 'verified')
            .map((account) => ({ username: account.username ?? null, linkedAt: (account as { linkedAt?: string }).linkedAt ?? null })),
        })
      }),
  },
]
