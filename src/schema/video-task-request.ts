import { capabilityModule, type Capability } from '../capabilities/registry.js';
import type { CameraConfigInput, CameraControlInput, DynamicMaskInput, MultiShotInput, PointInput, ShotInput } from '../capabilities/shared/inputs.js';
import type { TaskRecord } from '../model/task.js';
import { builder } from './builder.js';
import { CameraControlTypeEnum, ShotTypeEnum } from './enums.js';

/*
 * What a task asked for, typed per capability: the stored request (`TaskRecord.request`, the
 * validated input with the model used) read back through the same shapes the inputs have, so a
 * history list can show it. Media given inline as Base64 is described, never sent back. This file
 * holds the interface and the shapes several requests share; each capability's own type is in its
 * module (`src/capabilities/<name>/schema.ts`).
 */

/** The stored request of one task, marked with its capability so the interface can pick the type. */
export type View<T> = T & { model: string; readonly capability: Capability };

export function requestView(record: TaskRecord): View<Record<string, unknown>> | null {
  // Records stored before requests were kept have none.
  if (!record.request || typeof record.request !== 'object') return null;
  return { ...record.request, model: record.model, capability: record.capability } as View<Record<string, unknown>>;
}

/** A URL as given, or what was sent inline. */
export interface MediaView {
  url: string | null;
  inlineBytes: number | null;
}

const URL_LIKE = /^https?:\/\//i;

export function mediaView(value: string | null | undefined): MediaView | null {
  if (value == null) return null;
  if (URL_LIKE.test(value)) return { url: value, inlineBytes: null };
  // Base64: 3 bytes per 4 characters, less padding.
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return { url: null, inlineBytes: Math.max(0, Math.floor((value.length * 3) / 4) - padding) };
}

export const opt = <T>(value: T | null | undefined): T | null => value ?? null;

export const MediaReference = builder.objectRef<MediaView>('MediaReference').implement({
  description: 'An image or video a task was given: its URL, or the size of the Base64 data sent inline.',
  fields: (t) => ({
    url: t.exposeString('url', { nullable: true, description: 'The URL given; null when the media was sent inline.' }),
    inlineBytes: t.exposeInt('inlineBytes', { nullable: true, description: 'Bytes sent inline as Base64; null for a URL.' }),
  }),
});

export const Shot = builder.objectRef<ShotInput>('Shot').implement({
  fields: (t) => ({
    prompt: t.exposeString('prompt'),
    duration: t.exposeInt('duration', { description: 'Seconds.' }),
  }),
});

export const MultiShot = builder.objectRef<MultiShotInput>('MultiShot').implement({
  fields: (t) => ({
    shotType: t.field({ type: ShotTypeEnum, resolve: (m) => m.shotType }),
    shots: t.field({ type: [Shot], nullable: true, resolve: (m) => opt(m.shots) }),
  }),
});

export const CameraConfig = builder.objectRef<CameraConfigInput>('CameraConfig').implement({
  fields: (t) => ({
    horizontal: t.float({ nullable: true, resolve: (c) => opt(c.horizontal) }),
    vertical: t.float({ nullable: true, resolve: (c) => opt(c.vertical) }),
    pan: t.float({ nullable: true, resolve: (c) => opt(c.pan) }),
    tilt: t.float({ nullable: true, resolve: (c) => opt(c.tilt) }),
    roll: t.float({ nullable: true, resolve: (c) => opt(c.roll) }),
    zoom: t.float({ nullable: true, resolve: (c) => opt(c.zoom) }),
  }),
});

export const CameraControl = builder.objectRef<CameraControlInput>('CameraControl').implement({
  fields: (t) => ({
    type: t.field({ type: CameraControlTypeEnum, resolve: (c) => c.type }),
    config: t.field({ type: CameraConfig, nullable: true, resolve: (c) => opt(c.config) }),
  }),
});

export const Point = builder.objectRef<PointInput>('Point').implement({
  fields: (t) => ({ x: t.exposeInt('x'), y: t.exposeInt('y') }),
});

export const DynamicMask = builder.objectRef<DynamicMaskInput>('DynamicMask').implement({
  fields: (t) => ({
    mask: t.field({ type: MediaReference, resolve: (m) => mediaView(m.mask)! }),
    trajectories: t.field({ type: [Point], resolve: (m) => m.trajectories }),
  }),
});

interface Common {
  model: string;
  prompt?: string | null;
  watermark?: boolean | null;
}

export const VideoTaskRequest = builder.interfaceRef<View<Common>>('VideoTaskRequest').implement({
  description: 'What a task asked for, as validated, with the model used. Fields left out were left to Kling\'s defaults.',
  resolveType: (view) => capabilityModule(view.capability).graphql.request,
  fields: (t) => ({
    model: t.exposeString('model'),
    prompt: t.string({ nullable: true, resolve: (r) => opt(r.prompt) }),
    watermark: t.boolean({ nullable: true, description: 'Whether a watermarked copy was asked for.', resolve: (r) => opt(r.watermark) }),
  }),
});

/** Kling's `4k` mode is not offered by the schema; a stored one reads as null rather than failing. */
export const mode = (value: string | null | undefined) => (value === 'std' || value === 'pro' ? value : null);
