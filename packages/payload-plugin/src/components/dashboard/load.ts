import { RequestError, messageOf } from '../request'

/**
 * What the dashboard says when a figure cannot be loaded: what went wrong and what to do next.
 * `forbidden` means the viewer may not see the figures (an editor); the section then hides.
 */
export interface LoadProblem {
  forbidden: boolean
  message: string
}

export const problemOf = (error: unknown, what: string, path: string): LoadProblem => {
  const status = error instanceof RequestError ? error.status : undefined
  if (status === 403) return { forbidden: true, message: `Only staff and admins can see ${what}.` }
  if (status === 404) {
    return {
      forbidden: false,
      message: `The server does not offer ${what} (${path} answered 404). Update Switchboard on the server and restart it, then reload this page.`,
    }
  }
  if (status === 401) return { forbidden: false, message: 'Your session has ended. Log in again to see the figures.' }
  const base = messageOf(error)
  return {
    forbidden: false,
    message:
      status !== undefined && status >= 500
        ? `Could not load ${what}: ${base} If it keeps failing, check the server log and GET /api/switchboard/health.`
        : `Could not load ${what}: ${base}`,
  }
}
