/**
 * `req.context` key set on writes that carry Telegram's own data: Telegram's values are stored
 * as they are (4-letter collectible usernames included), not judged by the rules for staff input.
 */
export const fromTelegramContext = 'switchboardFromTelegram'
