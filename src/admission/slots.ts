/**
 * `KLING_CONCURRENCY`: the account's Kling slots. One number applies to every model; a list
 * `kling-v3=5,kling-video-o1=3,*=5` sets them per model (Kling counts per model version), `*` for
 * the rest. A model with no number (no `*`) has its limit learned from Kling's first 1303.
 */
export interface SlotLimits {
  byModel: ReadonlyMap<string, number>;
  fallback: number | undefined;
}

export const LEARNED_SLOTS: SlotLimits = { byModel: new Map(), fallback: undefined };

/** Parses the variable; throws a message naming the bad entry (the value holds no secret). */
export function parseSlotLimits(value: string): SlotLimits {
  const positive = (text: string, what: string) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || n < 1) throw new Error(`${what} must be a whole number of slots, at least 1`);
    return n;
  };
  if (!value.includes('=')) return { byModel: new Map(), fallback: positive(value, 'the slot count') };
  const byModel = new Map<string, number>();
  let fallback: number | undefined;
  for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const model = entry.slice(0, eq).trim();
    if (eq <= 0 || !model) throw new Error(`entry "${entry}" must be model=slots`);
    const slots = positive(entry.slice(eq + 1), `slots for ${model}`);
    if (model === '*') fallback = slots;
    else byModel.set(model, slots);
  }
  return { byModel, fallback };
}

export function slotsFor(limits: SlotLimits, model: string): number | undefined {
  return limits.byModel.get(model) ?? limits.fallback;
}
