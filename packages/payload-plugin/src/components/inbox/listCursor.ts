/**
 * Where j/k move a cursor in a list of `length` items: one step from `index`, staying inside the
 * list; from nowhere (`-1`), j starts at the top and k at the bottom. No React here.
 */
export const stepCursor = (index: number, length: number, step: 1 | -1): number =>
  index === -1 ? (step > 0 ? 0 : length - 1) : Math.min(length - 1, Math.max(0, index + step))
