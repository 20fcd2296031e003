import { existsSync } from 'node:fs'

/**
 * The browser tests drive Debian's Chromium (`apt-get install chromium`); nothing is downloaded.
 * Where it is missing they are skipped, with one line saying so, and the rest of `npm test`
 * runs. CI sets SWITCHBOARD_REQUIRE_CHROMIUM=1, which turns a missing Chromium into a failure,
 * so CI never skips them silently.
 */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

export const chromiumMissing = (): boolean => !existsSync(chromiumPath)

export const chromiumRequired = (): boolean => ['1', 'true'].includes(process.env.SWITCHBOARD_REQUIRE_CHROMIUM ?? '')

export const chromiumMissingMessage = `Chromium is not installed at ${chromiumPath}: apt-get install chromium (or set CHROMIUM_PATH).`
