/**
 * Observed render times (ms, submitted -> terminal), per render key (`src/estimates/render-key.ts`),
 * shared by every replica when backed by Redis. Each key keeps only its latest `RENDER_WINDOW`, so
 * storage is bounded and the estimate follows Kling when it speeds up or slows down.
 */
export interface RenderTimes {
  add(key: string, ms: number): Promise<void>;
  /** The key's kept observations, newest first. */
  recent(key: string): Promise<number[]>;
}

/** Observations kept per key. */
export const RENDER_WINDOW = 100;
