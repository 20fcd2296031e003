import { describe, expect, it } from 'vitest'

import { errorMessageOf, isAbort, messageOf, RequestError } from './request'

describe('errorMessageOf', () => {
  it('reads Payload’s error bodies', () => {
    expect(errorMessageOf({ errors: [{ message: 'Title is required.' }, { message: 'Too long.' }] })).toBe('Title is required. Too long.')
    expect(errorMessageOf({ errors: [{ message: '' }, {}], message: 'Fallback' })).toBe('Fallback')
    expect(errorMessageOf({ message: 'Not allowed' })).toBe('Not allowed')
  })

  it('has nothing to say about other bodies', () => {
    expect(errorMessageOf(null)).toBeUndefined()
    expect(errorMessageOf('oops')).toBeUndefined()
    expect(errorMessageOf({ errors: 'x', message: 3 })).toBeUndefined()
  })
})

describe('failures', () => {
  it('tells aborts apart, and gives a readable message for any failure', () => {
    expect(isAbort(new DOMException('stopped', 'AbortError'))).toBe(true)
    expect(isAbort(new RequestError('Not found', 404))).toBe(false)
    expect(messageOf(new RequestError('Not found', 404))).toBe('Not found')
    expect(messageOf(new TypeError('x is undefined'))).toBe('Something went wrong. Try again in a moment.')
  })
})
