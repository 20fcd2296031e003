'use client'

import React from 'react'

import type { Message } from './types'

import { formatDate } from '../shared/formatDate'
import { excerpt, mediaDescription, safeUrl, serviceText, timeOf } from './format'
import { Icon } from './Icon'
import './MessageItem.scss'

const baseClass = 'sb-message'

export type DeliveryStatus = 'failed' | 'pending' | 'sent'

export interface MessageItemProps {
  message: Message
  /** The message this one replies to, when it is known. */
  replyTarget?: Message
  showSender: boolean
  highlighted?: boolean
  /** Delivery of a reply sent from this page. */
  status?: DeliveryStatus
  error?: string
  origin: string
  /** The message's attachment (served to staff by `GET /api/chat/attachments/:id`). */
  attachmentHref?: string
  onJumpTo?: (message: Message) => void
  onRetry?: () => void
  onDiscard?: () => void
}

const senderOf = (message: Message) => message.senderName?.trim() || (message.direction === 'in' ? 'Customer' : 'Staff')

/** One message of the thread. Every text is rendered as text, never as HTML. */
export const MessageItem: React.FC<MessageItemProps> = ({
  message,
  replyTarget,
  showSender,
  highlighted,
  status,
  error,
  origin,
  attachmentHref,
  onJumpTo,
  onRetry,
  onDiscard,
}) => {
  const deleted = Boolean(message.deletedAt)
  const classes = [
    baseClass,
    `${baseClass}--${message.direction === 'in' ? 'in' : 'out'}`,
    message.kind === 'service' && `${baseClass}--service`,
    message.kind === 'note' && `${baseClass}--note`,
    deleted && `${baseClass}--deleted`,
    highlighted && `${baseClass}--highlighted`,
    status && `${baseClass}--${status}`,
  ]
    .filter(Boolean)
    .join(' ')

  const time = (
    <time className={`${baseClass}__time`} dateTime={message.sentAt} title={formatDate(message.sentAt)}>
      {timeOf(message.sentAt)}
    </time>
  )

  if (message.kind === 'service') {
    return (
      <li className={classes} data-message-id={String(message.id)} id={`sb-message-${String(message.id)}`} tabIndex={-1}>
        <p className={`${baseClass}__service`}>
          <span>{serviceText(message)}</span> · {time}
        </p>
      </li>
    )
  }

  const mediaLink = attachmentHref ?? safeUrl(message.mediaUrl, origin)
  const isImage = message.mediaType === 'photo' || message.mediaType === 'sticker' || Boolean(message.mediaMimeType?.startsWith('image/'))
  const hasReply = message.replyToExternalId !== null && message.replyToExternalId !== undefined && message.replyToExternalId !== ''

  return (
    <li className={classes} data-message-id={String(message.id)} id={`sb-message-${String(message.id)}`} tabIndex={-1}>
      <div className={`${baseClass}__bubble`}>
        {showSender ? <span className={`${baseClass}__sender`}>{senderOf(message)}</span> : null}
        {message.kind === 'note' ? <span className={`${baseClass}__note-label`}>Internal note · only the team sees this</span> : null}
        {message.forwardFromName || message.forwardDate ? (
          <p className={`${baseClass}__context`}>
            <Icon name="forward" />
            <span>
              Forwarded from {message.forwardFromName || 'someone'}
              {message.forwardDate ? <> · {formatDate(message.forwardDate)}</> : null}
            </span>
          </p>
        ) : null}
        {hasReply ? (
          replyTarget ? (
            <button className={`${baseClass}__context ${baseClass}__reply`} onClick={() => onJumpTo?.(replyTarget)} type="button">
              <Icon name="reply" />
              <span>
                <span className={`${baseClass}__reply-sender`}>{senderOf(replyTarget)}</span>
                <span className={`${baseClass}__reply-text`}>{excerpt(replyTarget) || 'Message'}</span>
              </span>
            </button>
          ) : (
            <p className={`${baseClass}__context`}>
              <Icon name="reply" />
              <span>Reply to message #{String(message.replyToExternalId)}</span>
            </p>
          )
        ) : null}
        {message.kind === 'media' || message.mediaType ? (
          <div className={`${baseClass}__media`}>
            {mediaLink && isImage && !deleted ? (
              <a href={mediaLink} rel="noopener noreferrer" target="_blank">
                <img alt={message.mediaFileName || 'Photo'} className={`${baseClass}__image`} loading="lazy" src={mediaLink} />
              </a>
            ) : null}
            <span className={`${baseClass}__media-line`}>
              <Icon name="clip" />
              <span>{mediaDescription(message)}</span>
              {mediaLink && !deleted ? (
                <a href={mediaLink} rel="noopener noreferrer" target="_blank">
                  Open
                </a>
              ) : null}
            </span>
          </div>
        ) : null}
        {deleted ? <p className={`${baseClass}__deleted-note`}>This message was deleted{message.text ? '; it read:' : '.'}</p> : null}
        {message.text ? <p className={`${baseClass}__text`}>{message.text}</p> : null}
        <span className={`${baseClass}__meta`}>
          {time}
          {message.editedAt && !deleted ? (
            <span className={`${baseClass}__mark`} title={`Edited ${formatDate(message.editedAt)}`}>
              edited
            </span>
          ) : null}
          {deleted ? (
            <span className={`${baseClass}__mark`} title={`Deleted ${formatDate(message.deletedAt)}`}>
              deleted
            </span>
          ) : null}
          {status === 'pending' ? <span className={`${baseClass}__status`}>Sending…</span> : null}
          {status === 'sent' ? (
            <span className={`${baseClass}__status`}>
              <Icon name="check" /> {message.kind === 'note' ? 'Saved' : 'Sent'}
            </span>
          ) : null}
          {status === 'failed' ? (
            <span className={`${baseClass}__status ${baseClass}__status--failed`} role="alert">
              Not sent{error ? `: ${error}` : ''}
            </span>
          ) : null}
        </span>
        {status === 'failed' ? (
          <span className={`${baseClass}__retry`}>
            {onRetry ? (
              <button onClick={onRetry} type="button">
                Retry
              </button>
            ) : null}
            {/* A reply that never reached the server can be dropped; a stored one stays in the history. */}
            {onDiscard ? (
              <button onClick={onDiscard} type="button">
                Discard
              </button>
            ) : null}
          </span>
        ) : null}
      </div>
    </li>
  )
}
