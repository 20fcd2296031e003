import type { PayloadRequest } from 'payload'

import { EndpointError } from '../http/errors'
import { isStaff } from './roles'

/** Custom endpoints are not authenticated by Payload's access rules: every one checks its caller. */
export const requireStaff = (req: PayloadRequest): void => {
  if (!req.user) throw new EndpointError(403, 'Log in as staff to do this.')
  if (!isStaff(req.user)) throw new EndpointError(403, 'Only staff can do this.')
}
