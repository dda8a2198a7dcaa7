import { RENDER_WINDOW, type RenderTimes } from './render-times.js';

/** The single-process default. */
export function createMemoryRenderTimes(window = RENDER_WINDOW): RenderTimes {
  const byKey = new Map<string, number[]>();
  return {
    async add(key, ms) {
      const kept = byKey.get(key) ?? [];
      kept.unshift(ms);
      if (kept.length > window) kept.length = window;
      byKey.set(key, kept);
    },
    async recent(key) {
      return [...(byKey.get(key) ?? [])];
    },
  };
}
