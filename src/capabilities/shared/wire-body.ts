/**
 * Helpers for the input -> wire mappers. Only what the caller set is sent, so Kling's own defaults
 * apply to the rest.
 */
import type { WireCameraControl, WireCommon, WireMultiShot, WireOnOff } from '../../kling/wire.js';
import type { CameraControlInput, MultiShotInput } from './inputs.js';
import { DEFAULT_DURATION } from './models.js';

/** A wire body without the fields the create flow adds. */
export type Body<T> = Omit<T, keyof WireCommon>;

/** Drops null and undefined members, so absent inputs stay absent on the wire. */
export function compact<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}

export const onOff = (value: boolean | null | undefined): WireOnOff | undefined =>
  value === null || value === undefined ? undefined : value ? 'on' : 'off';
export const yesNo = (value: boolean | null | undefined): 'yes' | 'no' | undefined =>
  value === null || value === undefined ? undefined : value ? 'yes' : 'no';
export const seconds = (value: number | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : String(value);
export const elements = (ids: string[] | null | undefined) => ids?.map((id) => ({ element_id: Number(id) }));
export const voices = (ids: string[] | null | undefined) => ids?.map((id) => ({ voice_id: id }));

export function camera(input: CameraControlInput | null | undefined): WireCameraControl | undefined {
  if (!input) return undefined;
  return compact({ type: input.type, config: input.config ? compact({ ...input.config }) : undefined }) as WireCameraControl;
}

export function multiShot(input: MultiShotInput | null | undefined, duration: number | null | undefined): WireMultiShot {
  if (!input) return {};
  return compact({
    multi_shot: true,
    shot_type: input.shotType,
    multi_prompt: input.shots?.length
      ? input.shots.map((shot, i) => ({ index: i + 1, prompt: shot.prompt, duration: String(shot.duration) }))
      : undefined,
    // Kling checks the shots against the total, so the total is sent even when it is the default.
    ...(input.shotType === 'customize' ? { duration: String(duration ?? DEFAULT_DURATION) } : {}),
  }) as WireMultiShot;
}
