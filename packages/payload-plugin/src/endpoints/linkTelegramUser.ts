import type { Endpoint, PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { isStaff } from '../access/roles'
import { idOf, isSharedTelegramIdentity, type LinkState, withEvent, writeLink } from '../identity/autoLink'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'
import { readJsonBody } from '../http/readBody'
import { findDoc } from '../localApi'

type Id = number | string

const findTelegramUser = async (req: PayloadRequest, options: ResolvedSwitchboardOptions) => {
  const id = parseId(req.routeParams?.id, 'The Telegram user id in the URL')
  const telegramUser = await findDoc(req, options.slugs.telegramUsers, id)
  if (!telegramUser) throw new EndpointError(404, `There is no Telegram user with id ${id}.`)
  return telegramUser as LinkState & { id: Id }
}

/** Staff decisions answer with the updated account, its users populated for display. */
const save = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, id: Id, data: Record<string, unknown>) =>
  Response.json(await writeLink(req, options, id, data, 1))

/**
 * `POST /api/<telegram-users>/:id/link` `{ userId }` and `…/:id/unlink`, staff only. A manual
 * link replaces an automatic one; a manual unlink is remembered too, so the automatic rule never
 * re-creates a link staff removed. Both are recorded in `linkEvents` with who did it.
 */
export const linkEndpoints = (options: ResolvedSwitchboardOptions): Endpoint[] => [
  {
    path: '/:id/link',
    method: 'post',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        requireStaff(req)
        const body = await readJsonBody(req, options.maxBodyBytes)
        const userId = parseId(body.userId, '"userId"')
        const telegramUser = await findTelegramUser(req, options)
        const user = await findDoc(req, options.usersCollection, userId)
        if (!user) throw new EndpointError(404, `There is no user with id ${userId}.`)

        if (!isStaff(user) && (await isSharedTelegramIdentity(req, options, telegramUser))) {
          throw new EndpointError(
            409,
            'This is a bot or the Telegram account of a connected business account: it takes part in every one of its conversations, so it is never linked to a customer.',
          )
        }
        const current = idOf(telegramUser.user)
        if (current !== null && current !== user.id && (telegramUser.linkSource === 'manual' || telegramUser.linkSource === 'verified')) {
          throw new EndpointError(
            409,
            `This Telegram account is already linked to user ${current} (${telegramUser.linkSource === 'manual' ? 'by staff' : 'verified by its owner'}). Unlink it first, then link it to user ${user.id}.`,
          )
        }
        return save(req, options, telegramUser.id, {
          user: user.id,
          linkSource: 'manual',
          linkStatus: 'linked',
          linkedAt: new Date().toISOString(),
          linkedBy: req.user!.id,
          linkedUsername: telegramUser.username ?? null,
          linkEvents: withEvent(telegramUser, { action: 'linked', user: user.id, by: req.user!.id, username: telegramUser.username }),
        })
      }),
  },
  {
    path: '/:id/unlink',
    method: 'post',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        requireStaff(req)
        const telegramUser = await findTelegramUser(req, options)
        return save(req, options, telegramUser.id, {
          user: null,
          linkSource: 'manual',
          linkStatus: 'unlinked',
          linkedAt: null,
          linkedBy: req.user!.id,
          linkEvents: withEvent(telegramUser, {
            action: 'unlinked',
            user: idOf(telegramUser.user),
            by: req.user!.id,
            username: telegramUser.username,
          }),
        })
      }),
  },
]
