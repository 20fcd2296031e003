'use client'

import { Button, useConfig } from '@payloadcms/ui'
import Link from 'next/link'
import React, { useEffect, useId, useRef, useState } from 'react'

import { messageOf, requestJson } from '../shared/request'
import './telegram.scss'

export interface TelegramConnectProps {
  /** An existing account to log in again (its session expired or was revoked); omitted: a new account. */
  accountId?: number
  /** Slug of the Telegram accounts collection, for the link to the connected account. */
  accountsSlug: string
  /** The account's name, shown when logging it in again. */
  accountName?: string
  /** The account's kind when logging it in again: the other kind is not offered. */
  accountKind?: Kind
  /** The account's phone number, filled in when logging it in again. */
  phone?: string
}

type Kind = 'bot' | 'user'

type Step =
  | { name: 'phone' }
  | { name: 'code'; accountId: number; via: 'app' | 'sms' }
  | { name: 'password'; accountId: number; hint: null | string }
  | { name: 'done'; accountId: number; user: null | string }

type CodeSent = { accountId: number; next: 'code'; via: 'app' | 'sms' }
type Connected = { accountId: number; status: 'connected'; user: null | string }
type PasswordNeeded = { accountId: number; next: 'password'; hint: null | string }

const baseClass = 'sb-telegram-connect'

const codeDestination = (via: 'app' | 'sms', phone: string) =>
  via === 'app'
    ? 'Telegram sent a login code to the Telegram app where this account is already logged in (in the chat named "Telegram").'
    : `Telegram sent a login code by SMS to ${phone}.`

/**
 * Connects a Telegram account in the steps Telegram asks for: phone number → code (→ two-step
 * verification password) → connected; or a bot token in one step. Each step calls one of the
 * `/switchboard/telegram/login/*` endpoints, which keep the half-finished login sealed on the
 * server, so this component holds only the account id between steps and never a session.
 */
export const TelegramConnect: React.FC<TelegramConnectProps> = ({ accountId: reloginId, accountsSlug, accountName, accountKind, phone: knownPhone = '' }) => {
  const {
    config: {
      routes: { admin, api },
    },
  } = useConfig()
  const adminRoute = admin === '/' ? '' : admin
  const ids = {
    kind: useId(),
    name: useId(),
    phone: useId(),
    code: useId(),
    password: useId(),
    botName: useId(),
    token: useId(),
    hint: useId(),
    error: useId(),
  }

  const [kind, setKind] = useState<Kind>(accountKind ?? 'user')
  const [step, setStep] = useState<Step>({ name: 'phone' })
  const [name, setName] = useState('')
  const [phone, setPhone] = useState(knownPhone)
  const [code, setCode] = useState('')
  const [password, setPassword] = useState('')
  const [botToken, setBotToken] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [note, setNote] = useState('')
  // Moved to the new step's first control, so keyboard and screen reader users follow along.
  const focusTarget = useRef<HTMLElement | null>(null)

  const shownStep = useRef(step.name)
  useEffect(() => {
    // Only when the step changes: not on arrival (the page starts at its heading), nor on a kind change.
    if (shownStep.current === step.name) return
    shownStep.current = step.name
    focusTarget.current?.focus()
  }, [step.name])

  const setFocus = (element: HTMLElement | null) => {
    focusTarget.current = element
  }

  /** Runs one login request with the busy state, the progress note and the error handled. */
  const run = async (progress: string, request: () => Promise<void>) => {
    if (busy) return
    setBusy(true)
    setError(undefined)
    setNote(progress)
    try {
      await request()
    } catch (failure) {
      // The endpoints' messages say what to do (wrong code, flood wait, missing configuration).
      setError(messageOf(failure))
      setNote('')
    } finally {
      setBusy(false)
    }
  }

  const post = <T,>(path: string, body: Record<string, unknown>) =>
    requestJson<T>(`${api}/switchboard/telegram/login/${path}`, { method: 'POST', body: JSON.stringify(body) })

  const connected = (answer: Connected) => {
    setStep({ name: 'done', accountId: answer.accountId, user: answer.user })
    // The focused "Connected as …" heading says it; a note as well would be read twice.
    setNote('')
    setCode('')
    setPassword('')
    setBotToken('')
  }

  /** Sends a code for the phone; from the code step it asks for a new one on the same account. */
  const sendCode = (accountId = step.name === 'code' ? step.accountId : reloginId) => {
    if (!phone.trim()) return setError('Enter the phone number of the Telegram account, with the country code.')
    void run('Asking Telegram to send a login code…', async () => {
      const sent = await post<CodeSent>('code', { phone, name: name.trim() || undefined, accountId })
      setCode('')
      setStep({ name: 'code', accountId: sent.accountId, via: sent.via })
      setNote(step.name === 'code' ? 'A new code was sent.' : 'Code sent.')
    })
  }

  const signIn = (accountId: number) => {
    if (!code.trim()) return setError('Enter the code Telegram sent.')
    void run('Checking the code…', async () => {
      const answer = await post<Connected | PasswordNeeded>('sign-in', { accountId, code })
      if ('next' in answer) {
        setStep({ name: 'password', accountId: answer.accountId, hint: answer.hint })
        setNote('The code is right. This account also has a two-step verification password.')
      } else connected(answer)
    })
  }

  const checkPassword = (accountId: number) => {
    if (!password) return setError('Enter the two-step verification password.')
    void run('Checking the password…', async () => connected(await post<Connected>('password', { accountId, password })))
  }

  const connectBot = () => {
    if (!botToken.trim()) return setError('Enter the bot token from @BotFather.')
    void run('Checking the bot token with Telegram…', async () =>
      connected(await post<Connected>('bot', { botToken: botToken.trim(), name: name.trim() || undefined, accountId: reloginId })),
    )
  }

  /** Back to the first step; a new account already created for the abandoned attempt stays "needs login". */
  const startOver = () => {
    setStep({ name: 'phone' })
    setError(undefined)
    setNote('')
    setCode('')
    setPassword('')
  }

  const submit = (action: () => void) => (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    action()
  }

  // Inputs say which error belongs to them; the first step's hint otherwise.
  const described = (hint?: string) => ({
    'aria-describedby': error ? ids.error : hint,
    'aria-invalid': error ? true : undefined,
  })

  const nameInput = (id: string, placeholder: string) =>
    reloginId === undefined ? (
      <div className={`${baseClass}__field`}>
        <label htmlFor={id}>Name in Switchboard (optional)</label>
        <input autoComplete="off" id={id} maxLength={200} onChange={(event) => setName(event.target.value)} placeholder={placeholder} type="text" value={name} />
      </div>
    ) : null

  /** The one input of a step: labelled, focused when the step appears, tied to the hint or the error. */
  const stepInput = (
    id: string,
    label: string,
    value: string,
    onChange: (value: string) => void,
    attributes: React.InputHTMLAttributes<HTMLInputElement>,
    narrow = false,
  ) => (
    <div className={`${baseClass}__field${narrow ? ` ${baseClass}__field--narrow` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} onChange={(event) => onChange(event.target.value)} ref={setFocus} value={value} {...attributes} {...described(ids.hint)} />
    </div>
  )

  /** A step: what it asks for, its inputs, and its submit button (plus any other actions). */
  const stepForm = (onSubmit: () => void, hint: React.ReactNode, body: React.ReactNode, [label, busyLabel]: [string, string], actions?: React.ReactNode) => (
    <form aria-busy={busy} className={`${baseClass}__form`} noValidate onSubmit={submit(onSubmit)}>
      <p className={`${baseClass}__muted`} id={ids.hint}>
        {hint}
      </p>
      {body}
      <div className={`${baseClass}__actions`}>
        <Button buttonStyle="primary" disabled={busy} margin={false} size="medium" type="submit">
          {busy ? busyLabel : label}
        </Button>
        {actions}
      </div>
    </form>
  )

  const secondary = (label: string) => (
    <Button buttonStyle="subtle" disabled={busy} margin={false} onClick={startOver} size="medium" type="button">
      {label}
    </Button>
  )

  const accountLink = (accountId: number) => `${adminRoute}/collections/${accountsSlug}/${encodeURIComponent(String(accountId))}`

  const renderStep = () => {
    if (step.name === 'done') {
      return (
        <div className={`${baseClass}__done`}>
          <h2 className={`${baseClass}__step-title`} ref={setFocus} tabIndex={-1}>
            Connected{step.user ? ` as ${step.user}` : ''}
          </h2>
          <p>
            Switchboard has started finding this account&apos;s chats and will then sync their message history in the background. The
            account page shows the progress.
          </p>
          <div className={`${baseClass}__actions`}>
            <Link href={accountLink(step.accountId)}>Open the account and its sync progress</Link>
            {reloginId === undefined ? (
              <Button
                buttonStyle="secondary"
                margin={false}
                onClick={() => {
                  setName('')
                  setPhone('')
                  startOver()
                }}
                size="small"
                type="button"
              >
                Connect another account
              </Button>
            ) : null}
          </div>
        </div>
      )
    }

    if (kind === 'bot') {
      return stepForm(
        connectBot,
        <>
          A bot only hears the chats it is a member of and the messages sent to it; Telegram gives bots no history. Create one and get its
          token from @BotFather.
        </>,
        <>
          {nameInput(ids.botName, 'Support bot')}
          {stepInput(ids.token, 'Bot token', botToken, setBotToken, { autoComplete: 'off', placeholder: '123456789:AA…', spellCheck: false, type: 'text' })}
        </>,
        ['Connect bot', 'Connecting…'],
      )
    }

    if (step.name === 'phone') {
      return stepForm(
        () => sendCode(),
        <>
          Telegram sends a login code to the account&apos;s Telegram app (or by SMS). Switchboard then reads and syncs this account&apos;s
          chats.
        </>,
        <>
          {nameInput(ids.name, 'Support line')}
          {stepInput(ids.phone, 'Phone number', phone, setPhone, { autoComplete: 'tel', inputMode: 'tel', placeholder: '+44 7700 900123', type: 'tel' })}
        </>,
        ['Send code', 'Sending…'],
      )
    }

    if (step.name === 'code') {
      return stepForm(
        () => signIn(step.accountId),
        codeDestination(step.via, phone),
        stepInput(
          ids.code,
          'Login code',
          code,
          setCode,
          { autoComplete: 'one-time-code', inputMode: 'numeric', maxLength: 12, spellCheck: false, type: 'text' },
          true,
        ),
        ['Sign in', 'Signing in…'],
        <>
          <Button buttonStyle="secondary" disabled={busy} margin={false} onClick={() => sendCode(step.accountId)} size="medium" type="button">
            Send a new code
          </Button>
          {secondary('Use another number')}
        </>,
      )
    }

    return stepForm(
      () => checkPassword(step.accountId),
      <>
        This account has two-step verification: enter its password (not the login code).
        {step.hint ? ` Password hint: ${step.hint}` : ''}
      </>,
      stepInput(ids.password, 'Two-step verification password', password, setPassword, { autoComplete: 'current-password', type: 'password' }),
      ['Sign in', 'Signing in…'],
      secondary('Start over'),
    )
  }

  // The kind can be chosen until a login is under way; a re-login keeps the account's kind.
  const chooseKind = accountKind === undefined && step.name === 'phone'

  return (
    <section aria-labelledby={`${ids.kind}-title`} className={baseClass}>
      <h1 className={`${baseClass}__title`} id={`${ids.kind}-title`}>
        {reloginId === undefined ? 'Connect a Telegram account' : `Log in again${accountName ? `: ${accountName}` : ''}`}
      </h1>

      {chooseKind ? (
        <fieldset className={`${baseClass}__kinds`}>
          <legend>Account type</legend>
          {(
            [
              ['user', 'User account (phone)'],
              ['bot', 'Bot (token)'],
            ] as const
          ).map(([value, label]) => (
            <label className={`${baseClass}__kind${kind === value ? ` ${baseClass}__kind--selected` : ''}`} key={value}>
              <input
                checked={kind === value}
                disabled={busy}
                name={ids.kind}
                onChange={() => {
                  setKind(value)
                  setError(undefined)
                  setNote('')
                }}
                type="radio"
                value={value}
              />
              {label}
            </label>
          ))}
        </fieldset>
      ) : null}

      {renderStep()}

      {error ? (
        <p className={`${baseClass}__error`} id={ids.error} role="alert">
          {error}
        </p>
      ) : null}
      {/* Always rendered: a live region only announces changes made after it exists. */}
      <p className={`${baseClass}__note`} role="status">
        {note}
      </p>
    </section>
  )
}
