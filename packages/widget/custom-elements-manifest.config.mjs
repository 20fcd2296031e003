/**
 * `cem analyze` (part of `npm run build`): writes custom-elements.json, the Custom Elements
 * Manifest editors, Storybook and documentation tools read, from the elements' JSDoc
 * (`@attr`, `@fires`, `@csspart`, `@cssprop`), their `observedAttributes` and their accessors.
 * Members marked `@internal` (shared between the widget's own modules) are left out.
 */
export default {
  globs: ['src/**/*.ts'],
  outdir: '.',
}
