import type { Plugin } from 'vite'

import { fileURLToPath } from 'node:url'
import { Visitor, defineConfig, parseSync } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Whitespace in `css` templates: only where CSS needs a separator. */
const minifyCss = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .replace(/([ :(,])0\./g, '$1.')
    .trim()

/**
 * Whitespace in `html` templates: a line break with its indentation goes between two tags and at
 * either end of a template, and becomes one space elsewhere (HTML treats both alike outside
 * `white-space: pre`). Whitespace within a line is kept. So where inline elements must be apart,
 * the template says so on one line or in CSS, never with a line break.
 */
const minifyHtml = (text: string, first: boolean, last: boolean) => {
  let out = text.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*/g, ' ')
  if (first) out = out.replace(/^\s+/, '')
  if (last) out = out.replace(/\s+$/, '')
  return out
}

/**
 * Minifies the static text of Lit's `css` and `html` tagged templates in the widget's sources
 * (a JS minifier leaves template literals alone). Each edit is checked against the parser's view
 * of the literal, so a template it cannot place exactly fails the build instead of being mangled.
 */
const minifyTemplates = (): Plugin => ({
  name: 'switchboard-minify-templates',
  apply: 'build',
  transform(code, id) {
    if (!/\/widget\/src\/.*\.ts$/.test(id)) return null
    const edits: { start: number; end: number; text: string }[] = []
    new Visitor({
      TaggedTemplateExpression(node) {
        const tag = node.tag.type === 'Identifier' ? node.tag.name : ''
        if (tag !== 'css' && tag !== 'html') return
        const { quasis } = node.quasi
        for (const [index, quasi] of quasis.entries()) {
          // The parser's span includes the delimiters (a backtick or `}` before, `${` or a backtick after).
          const raw = quasi.value.raw
          const start = quasi.start + 1
          if (code.slice(start, start + raw.length) !== raw) throw new Error(`minifyTemplates: cannot place a template literal in ${id}`)
          const text = tag === 'css' ? minifyCss(raw) : minifyHtml(raw, index === 0, index === quasis.length - 1)
          edits.push({ start, end: start + raw.length, text })
        }
      },
    }).visit(parseSync(id, code).program)
    let out = code
    for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end)
    return edits.length ? { code: out, map: null } : null
  },
})

/**
 * `vite build` (part of the package's `npm run build`): the widget as one ES module
 * (`dist/switchboard-chat.js`) and one IIFE for a plain `<script>` (`dist/switchboard-chat.iife.js`),
 * Lit bundled into each. `vite build --mode launcher` adds `dist/switchboard-launcher.js`, the
 * launcher alone (no Lit), which loads `switchboard-chat.js` from beside itself on first intent.
 * A site serves them as they are; the dev app copies them to its `public/widget/`.
 */
export default defineConfig(({ mode }) => {
  const launcher = mode === 'launcher'
  return {
    root: here('.'),
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: here('dist'),
      // The launcher build adds its file beside the chat's.
      emptyOutDir: !launcher,
      // Native class fields and private members (#x) keep the output small; every current browser has them.
      target: 'es2022',
      minify: true,
      reportCompressedSize: false,
      // Vite leaves whitespace and /* @__PURE__ */ comments in ES library builds for bundlers to use;
      // this one is shipped to browsers as is, so it is minified fully. Members named `_x` are the
      // package's own, shared between its modules (the session controller's state and methods):
      // shortened like local names. Lit's internal names (`_$x`) and the widget's public API do not match.
      rolldownOptions: { output: { minify: { compress: true, mangle: true, codegen: true, mangleProps: { include: /^_[a-z]/ } }, comments: false } },
      lib: launcher
        ? { entry: here('src/switchboard-launcher.ts'), formats: ['es'], fileName: () => 'switchboard-launcher.js' }
        : {
            entry: here('src/index.ts'),
            name: 'SwitchboardChat',
            formats: ['es', 'iife'],
            fileName: (format) => (format === 'es' ? 'switchboard-chat.js' : 'switchboard-chat.iife.js'),
          },
    },
    plugins: [minifyTemplates()],
  }
})
