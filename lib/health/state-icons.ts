import type { TabLook } from './badge';

/** The toolbar icon for each look; the files are drawn by scripts/draw-icons.mjs. */
export function stateIconPaths(look: TabLook): Record<number, string> {
  return Object.fromEntries([16, 32, 48].map((size) => [size, `/state/${look}-${size}.png`]));
}
