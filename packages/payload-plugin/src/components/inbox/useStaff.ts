'use client'

import { useEffect, useState } from 'react'

import type { InboxApi } from './api'
import type { PersonDoc } from './types'

/** The staff a conversation can be assigned to. */
export const useStaff = (api: InboxApi): PersonDoc[] => {
  const [staff, setStaff] = useState<PersonDoc[]>([])
  useEffect(() => {
    const controller = new AbortController()
    api.listStaff(controller.signal).then(setStaff, () => {
      // Without the list, the picker still offers "Assign to me" and "Unassigned".
    })
    return () => controller.abort()
  }, [api])
  return staff
}
