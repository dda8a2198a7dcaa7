/** Kling's per-model facts shared by every capability that offers the model. */

/** Allowed whole-second durations for a model. */
export type DurationRule = { kind: 'set'; values: readonly number[] } | { kind: 'range'; min: number; max: number };

const FIVE_OR_TEN: DurationRule = { kind: 'set', values: [5, 10] };

/** Duration rules by model; any other model makes 5 or 10 s. */
export const MODEL_DURATIONS: Readonly<Record<string, DurationRule>> = {
  'kling-v3': { kind: 'range', min: 3, max: 15 },
  'kling-v3-omni': { kind: 'range', min: 3, max: 15 },
  'kling-video-o1': { kind: 'range', min: 3, max: 10 },
};

export function durationRule(model: string): DurationRule {
  return MODEL_DURATIONS[model] ?? FIVE_OR_TEN;
}

export function durationAllowed(model: string, seconds: number): boolean {
  const rule = durationRule(model);
  return rule.kind === 'set' ? rule.values.includes(seconds) : seconds >= rule.min && seconds <= rule.max;
}

export function describeDurationRule(rule: DurationRule): string {
  return rule.kind === 'set' ? rule.values.join(' or ') : `${rule.min} to ${rule.max}`;
}

/** `cfg_scale` is not accepted by the kling-v2.x family. */
export function supportsCfgScale(model: string): boolean {
  return !model.startsWith('kling-v2');
}

/** Kling's default when a create names no duration. */
export const DEFAULT_DURATION = 5;
