import type * as client from './exports/client'
import type * as rsc from './exports/rsc'

/**
 * Where Payload's import map finds the plugin's admin components: `<package>/<export>#<name>`,
 * as the official plugins register theirs. `payload generate:importmap` turns each into an
 * import of the package's `./client` ('use client' components) or `./rsc` (server components).
 */
export const packageName = '@switchboard/payload-plugin'

type Exported<T> = Extract<{ [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T], string>

/** Import-map path of a client component exported from `src/exports/client.ts`. */
export const clientComponent = (name: Exported<typeof client>): string => `${packageName}/client#${name}`

/** Import-map path of a server component exported from `src/exports/rsc.ts`. */
export const serverComponent = (name: Exported<typeof rsc>): string => `${packageName}/rsc#${name}`
