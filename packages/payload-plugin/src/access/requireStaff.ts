import type { PayloadRequest } from 'payload'

import { EndpointError } from '../http/errors'
import { isStaff } from './roles'

/** Refuses a caller who is not signed in, or not staff — whoever found that out (Payload's user, or SQL). */
export const assertStaff = ({ signedIn, staff }: { signedIn: boolean; staff: boolean }): void => {
  if (!signedIn) throw new EndpointError(403, 'Log in as staff to do this.')
  if (!staff) throw new EndpointError(403, 'Only staff can do this.')
}

/** Custom endpoints are not authenticated by Payload's access rules: every one checks its caller. */
export const requireStaff = (req: PayloadRequest): void => assertStaff({ signedIn: Boolean(req.user), staff: Boolean(req.user && isStaff(req.user)) })
