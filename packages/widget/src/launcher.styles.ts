/**
 * The launcher's look, shared by `<switchboard-launcher>` (which has no Lit, so plain text) and
 * `<switchboard-chat>` (prepended to its styles): the button the launcher shows is the one the chat
 * element replaces it with, to the pixel. Tagged `css` so the build minifies it like Lit's
 * templates (the tag itself is `String.raw`).
 */
export const css = String.raw

export const launcherCss = css`
  :host {
    position: fixed;
    right: var(--sb-offset, 20px);
    bottom: var(--sb-offset, 20px);
    z-index: var(--sb-z, 2147483000);
    font: var(--sb-font-size, 15px) / 1.4 var(--sb-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--sb-text, #16181d);
  }
  button {
    font: inherit;
    color: inherit;
    border: 0;
    border-radius: 8px;
    background: none;
    padding: 6px;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--sb-focus, var(--sb-accent, #2358d8));
    outline-offset: 2px;
  }
  .launcher {
    display: grid;
    place-items: center;
    position: relative;
    width: 56px;
    height: 56px;
    border-radius: 50%;
    background: var(--sb-accent, #2358d8);
    color: var(--sb-accent-text, #fff);
    box-shadow: var(--sb-shadow, 0 6px 24px rgb(0 0 0 / 0.2));
  }
  svg {
    width: 24px;
    height: 24px;
    fill: currentColor;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linejoin: round;
    stroke-linecap: round;
  }
  .badge {
    position: absolute;
    top: -4px;
    right: -4px;
    min-width: 22px;
    padding: 0 6px;
    border-radius: 11px;
    background: var(--sb-danger, #b3261e);
    color: #fff;
    font-size: 13px;
    line-height: 22px;
  }
`

/** The speech bubble of the closed launcher (an SVG path). */
export const chatIconPath = 'M4 4h16v12H9l-5 4z'
