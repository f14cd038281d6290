// The export condition under which the workspace's own packages resolve to
// their TypeScript sources (src/index.ts) instead of the built dist/ that
// users get. Vite, Vitest and the benchmarks add it to their resolve
// conditions; tsconfig.base.json names it in customConditions. See
// docs/decisions.md, "Packaging".
import { defaultClientConditions, defaultServerConditions } from 'vite';

export const SOURCE_CONDITION = '@webglet/source';

/** Vite's `resolve` options for the browser: the sources first, then Vite's defaults. */
export const sourceResolve = { conditions: [SOURCE_CONDITION, ...defaultClientConditions] };

/** The same for code Vite runs in Node (Vitest's node project). */
export const sourceResolveServer = { conditions: [SOURCE_CONDITION, ...defaultServerConditions] };
