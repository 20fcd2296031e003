/**
 * `cem analyze` (part of `npm run build`): writes custom-elements.json, the Custom Elements
 * Manifest editors, Storybook and documentation tools read, from the element's JSDoc
 * (`@csspart`, `@cssprop`) and its Lit properties.
 */
export default {
  globs: ['src/**/*.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // Lit's `state: true` properties are internal state, not attributes; the analyzer lists
      // every reactive property as an attribute, so attributes of private fields are dropped.
      name: 'switchboard-internal-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.customElement) continue
            const internal = new Set((declaration.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name))
            declaration.attributes = (declaration.attributes ?? []).filter((a) => !internal.has(a.fieldName ?? a.name))
            for (const member of declaration.members ?? []) if (internal.has(member.name)) delete member.attribute
          }
        }
      },
    },
  ],
}
