import { css, launcherCss } from './launcher.styles'

/**
 * Styles of `<switchboard-chat>`. Theme it from the page with custom properties (set them on the
 * element or any ancestor) and restyle any piece with `::part()`:
 *
 * --sb-accent, --sb-accent-text (launcher, customer messages, buttons), --sb-radius,
 * --sb-font (font-family), --sb-font-size, --sb-bg, --sb-text, --sb-muted, --sb-border,
 * --sb-staff-bg, --sb-staff-text (staff messages), --sb-danger, --sb-focus,
 * --sb-width, --sb-height (panel), --sb-offset (distance from the viewport corner),
 * --sb-z (z-index), --sb-shadow.
 */
export const styles = launcherCss + css`
  [hidden] {
    display: none !important;
  }
  * {
    box-sizing: border-box;
  }
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  h2,
  p {
    margin: 0;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .panel {
    display: flex;
    flex-direction: column;
    position: absolute;
    right: 0;
    bottom: 72px;
    width: var(--sb-width, 370px);
    height: var(--sb-height, 560px);
    max-height: calc(100vh - 72px - 2 * var(--sb-offset, 20px));
    overflow: hidden;
    border: 1px solid var(--sb-border, #d9dce3);
    border-radius: var(--sb-radius, 12px);
    background: var(--sb-bg, #fff);
    box-shadow: var(--sb-shadow, 0 6px 24px rgb(0 0 0 / 0.2));
  }
  @media (max-width: 480px) {
    .panel {
      position: fixed;
      inset: 0;
      width: auto;
      height: auto;
      max-height: none;
      border: 0;
      border-radius: 0;
    }
  }
  .header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 12px 12px 12px 16px;
    background: var(--sb-accent, #2358d8);
    color: var(--sb-accent-text, #fff);
  }
  .heading {
    flex: 1;
  }
  h2 {
    font-size: 1.05em;
  }
  .header p {
    font-size: 0.85em;
  }
  .text-button {
    text-decoration: underline;
  }
  .icon-button,
  .send {
    display: grid;
  }
  .error:not(:empty),
  .verify {
    margin: 0;
    padding: 8px 16px;
  }
  .error:not(:empty) {
    background: #fdecea;
    color: var(--sb-danger, #b3261e);
  }
  .body {
    flex: 1;
    overflow-y: auto;
    padding: 12px;
  }
  .log {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .log:not(:empty) + .log {
    margin-top: 8px;
  }
  .empty,
  .typing {
    margin-bottom: 8px;
    color: var(--sb-muted, #5b6170);
  }
  .typing {
    margin: 8px 0 0;
    font-size: 0.85em;
  }
  .message {
    max-width: 85%;
    padding: 8px 12px;
    border-radius: var(--sb-radius, 12px);
    background: var(--sb-staff-bg, #eef0f4);
    color: var(--sb-staff-text, var(--sb-text, #16181d));
  }
  .in {
    align-self: flex-end;
    background: var(--sb-accent, #2358d8);
    color: var(--sb-accent-text, #fff);
  }
  .failed {
    background: var(--sb-bg, #fff);
    color: var(--sb-text, #16181d);
    border: 1px solid var(--sb-danger, #b3261e);
  }
  .sender {
    display: block;
    font-size: 0.8em;
    font-weight: 600;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .deleted {
    font-style: italic;
  }
  .attachment {
    display: block;
    max-width: 100%;
    max-height: 240px;
  }
  a {
    color: inherit;
  }
  .meta {
    display: block;
    font-size: 0.75em;
    text-align: right;
  }
  .meta button {
    margin-left: 4px;
  }
  .composer {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 8px 8px 8px 12px;
    border-top: 1px solid var(--sb-border, #d9dce3);
  }
  input,
  textarea {
    padding: 8px 10px;
    border: 1px solid var(--sb-border, #d9dce3);
    border-radius: 8px;
    background: var(--sb-bg, #fff);
  }
  textarea {
    flex: 1;
    max-height: 8em;
    field-sizing: content;
    resize: none;
  }
  .send {
    padding: 8px;
    background: var(--sb-accent, #2358d8);
    color: var(--sb-accent-text, #fff);
  }
  .composer .icon-button {
    padding: 8px;
  }
  .identify {
    display: flex;
    flex-direction: column;
    gap: 12px;
    flex: 1;
    overflow-y: auto;
    padding: 16px;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 0.9em;
  }
  .primary {
    padding: 10px;
    background: var(--sb-accent, #2358d8);
    color: var(--sb-accent-text, #fff);
  }
`
