import { capabilityModule, type Capability } from '../capabilities/registry.js';
import type { TaskRecord } from '../model/task.js';

/** What makes two renders comparable: observations are kept, and priors looked up, per key. */
export interface RenderKey {
  capability: Capability;
  model: string;
  mode: string;
  /** Seconds of video; null where Kling decides it (omni editing a video). */
  duration: number | null;
}

/** Kling's defaults where the caller left a field out: omni renders `pro`, everything else `std`. */
const DEFAULT_MODE: Partial<Record<Capability, string>> = { OMNI_VIDEO: 'pro' };
const DEFAULT_DURATION = 5;

export function renderKeyOf(record: Pick<TaskRecord, 'capability' | 'model' | 'request'>): RenderKey {
  const { mode, duration } = record.request as { mode?: unknown; duration?: unknown };
  return {
    capability: record.capability,
    model: record.model,
    mode: typeof mode === 'string' ? mode : (DEFAULT_MODE[record.capability] ?? 'std'),
    duration: typeof duration === 'number' ? duration : secondsOf(record),
  };
}

/** Where the request names no duration: the module's say (null where Kling decides), else Kling's 5 s. */
function secondsOf(record: Pick<TaskRecord, 'capability' | 'request'>): number | null {
  const seconds = capabilityModule(record.capability).seconds;
  return seconds ? seconds(record.request) : DEFAULT_DURATION;
}

/** The key's storage name: `TEXT_TO_VIDEO:kling-v3:std:5`. */
export const renderKeyName = (key: RenderKey) => `${key.capability}:${key.model}:${key.mode}:${key.duration ?? 'auto'}`;
