import type { AdminViewServerProps } from 'payload'

import { DefaultTemplate } from '@payloadcms/next/templates'
import React from 'react'

/** Wraps a custom admin view's content in the admin's layout (navigation and header). */
export const adminTemplate =
  ({ initPageResult, params, searchParams }: AdminViewServerProps, viewType: string) =>
  (children: React.ReactNode) => {
    const { locale, permissions, req, visibleEntities } = initPageResult
    return (
      <DefaultTemplate
        i18n={req.i18n}
        locale={locale}
        params={params}
        payload={req.payload}
        permissions={permissions}
        req={req}
        searchParams={searchParams}
        user={req.user ?? undefined}
        viewType={viewType}
        // A copy: React refuses the frozen object the page result holds.
        visibleEntities={{ collections: [...visibleEntities.collections], globals: [...visibleEntities.globals] }}
      >
        {children}
      </DefaultTemplate>
    )
  }
