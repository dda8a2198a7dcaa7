import type { Capability } from '../kling/capabilities.js';
import type { TaskRecord } from '../model/task.js';
import type {
  CameraConfigInput,
  CameraControlInput,
  DynamicMaskInput,
  ImageToVideoInput,
  MotionControlInput,
  MultiImageToVideoInput,
  MultiShotInput,
  OmniImageInput,
  OmniVideoInput,
  OmniVideoReferenceInput,
  PointInput,
  ShotInput,
  TextToVideoInput,
} from '../resolvers/inputs.js';
import { builder } from './builder.js';
import {
  AspectRatioEnum,
  CameraControlTypeEnum,
  CharacterOrientationEnum,
  FrameTypeEnum,
  ShotTypeEnum,
  VideoModeEnum,
  VideoReferTypeEnum,
} from './enums.js';

/*
 * What a task asked for, typed per capability: the stored request (`TaskRecord.request`, the
 * validated input with the model used) read back through the same shapes the inputs have, so a
 * history list can show it. Media given inline as Base64 is described, never sent back.
 */

/** The stored request of one task, marked with its capability so the interface can pick the type. */
type View<T> = T & { model: string; readonly capability: Capability };

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

const opt = <T>(value: T | null | undefined): T | null => value ?? null;

export const MediaReference = builder.objectRef<MediaView>('MediaReference').implement({
  description: 'An image or video a task was given: its URL, or the size of the Base64 data sent inline.',
  fields: (t) => ({
    url: t.exposeString('url', { nullable: true, description: 'The URL given; null when the media was sent inline.' }),
    inlineBytes: t.exposeInt('inlineBytes', { nullable: true, description: 'Bytes sent inline as Base64; null for a URL.' }),
  }),
});

const Shot = builder.objectRef<ShotInput>('Shot').implement({
  fields: (t) => ({
    prompt: t.exposeString('prompt'),
    duration: t.exposeInt('duration', { description: 'Seconds.' }),
  }),
});

const MultiShot = builder.objectRef<MultiShotInput>('MultiShot').implement({
  fields: (t) => ({
    shotType: t.field({ type: ShotTypeEnum, resolve: (m) => m.shotType }),
    shots: t.field({ type: [Shot], nullable: true, resolve: (m) => opt(m.shots) }),
  }),
});

const CameraConfig = builder.objectRef<CameraConfigInput>('CameraConfig').implement({
  fields: (t) => ({
    horizontal: t.float({ nullable: true, resolve: (c) => opt(c.horizontal) }),
    vertical: t.float({ nullable: true, resolve: (c) => opt(c.vertical) }),
    pan: t.float({ nullable: true, resolve: (c) => opt(c.pan) }),
    tilt: t.float({ nullable: true, resolve: (c) => opt(c.tilt) }),
    roll: t.float({ nullable: true, resolve: (c) => opt(c.roll) }),
    zoom: t.float({ nullable: true, resolve: (c) => opt(c.zoom) }),
  }),
});

const CameraControl = builder.objectRef<CameraControlInput>('CameraControl').implement({
  fields: (t) => ({
    type: t.field({ type: CameraControlTypeEnum, resolve: (c) => c.type }),
    config: t.field({ type: CameraConfig, nullable: true, resolve: (c) => opt(c.config) }),
  }),
});

const Point = builder.objectRef<PointInput>('Point').implement({
  fields: (t) => ({ x: t.exposeInt('x'), y: t.exposeInt('y') }),
});

const DynamicMask = builder.objectRef<DynamicMaskInput>('DynamicMask').implement({
  fields: (t) => ({
    mask: t.field({ type: MediaReference, resolve: (m) => mediaView(m.mask)! }),
    trajectories: t.field({ type: [Point], resolve: (m) => m.trajectories }),
  }),
});

const OmniImage = builder.objectRef<OmniImageInput>('OmniImage').implement({
  fields: (t) => ({
    image: t.field({ type: MediaReference, resolve: (i) => mediaView(i.url)! }),
    frame: t.field({ type: FrameTypeEnum, nullable: true, resolve: (i) => opt(i.frame) }),
  }),
});

const OmniVideoReference = builder.objectRef<OmniVideoReferenceInput>('OmniVideoReference').implement({
  fields: (t) => ({
    video: t.field({ type: MediaReference, resolve: (v) => mediaView(v.url)! }),
    referType: t.field({ type: VideoReferTypeEnum, nullable: true, resolve: (v) => opt(v.referType) }),
    keepOriginalSound: t.boolean({ nullable: true, resolve: (v) => opt(v.keepOriginalSound) }),
  }),
});

interface Common {
  model: string;
  prompt?: string | null;
  watermark?: boolean | null;
}

export const VideoTaskRequest = builder.interfaceRef<View<Common>>('VideoTaskRequest').implement({
  description: 'What a task asked for, as validated, with the model used. Fields left out were left to Kling\'s defaults.',
  resolveType: (view) => REQUEST_TYPES[view.capability],
  fields: (t) => ({
    model: t.exposeString('model'),
    prompt: t.string({ nullable: true, resolve: (r) => opt(r.prompt) }),
    watermark: t.boolean({ nullable: true, description: 'Whether a watermarked copy was asked for.', resolve: (r) => opt(r.watermark) }),
  }),
});

/** Kling's `4k` mode is not offered by the schema; a stored one reads as null rather than failing. */
const mode = (value: string | null | undefined) => (value === 'std' || value === 'pro' ? value : null);

builder.objectRef<View<TextToVideoInput>>('TextToVideoRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    negativePrompt: t.string({ nullable: true, resolve: (r) => opt(r.negativePrompt) }),
    cfgScale: t.float({ nullable: true, resolve: (r) => opt(r.cfgScale) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
    sound: t.boolean({ nullable: true, resolve: (r) => opt(r.sound) }),
    voiceIds: t.stringList({ nullable: true, resolve: (r) => opt(r.voiceIds) }),
    cameraControl: t.field({ type: CameraControl, nullable: true, resolve: (r) => opt(r.cameraControl) }),
    aspectRatio: t.field({ type: AspectRatioEnum, nullable: true, resolve: (r) => opt(r.aspectRatio) }),
    duration: t.int({ nullable: true, description: 'Seconds; null means Kling\'s default, 5.', resolve: (r) => opt(r.duration) }),
    multiShot: t.field({ type: MultiShot, nullable: true, resolve: (r) => opt(r.multiShot) }),
  }),
});

builder.objectRef<View<ImageToVideoInput>>('ImageToVideoRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    image: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.image) }),
    imageTail: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.imageTail) }),
    negativePrompt: t.string({ nullable: true, resolve: (r) => opt(r.negativePrompt) }),
    cfgScale: t.float({ nullable: true, resolve: (r) => opt(r.cfgScale) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
    sound: t.boolean({ nullable: true, resolve: (r) => opt(r.sound) }),
    voiceIds: t.stringList({ nullable: true, resolve: (r) => opt(r.voiceIds) }),
    elementIds: t.idList({ nullable: true, resolve: (r) => opt(r.elementIds) }),
    staticMask: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.staticMask) }),
    dynamicMasks: t.field({ type: [DynamicMask], nullable: true, resolve: (r) => opt(r.dynamicMasks) }),
    cameraControl: t.field({ type: CameraControl, nullable: true, resolve: (r) => opt(r.cameraControl) }),
    duration: t.int({ nullable: true, description: 'Seconds; null means Kling\'s default, 5.', resolve: (r) => opt(r.duration) }),
    multiShot: t.field({ type: MultiShot, nullable: true, resolve: (r) => opt(r.multiShot) }),
  }),
});

builder.objectRef<View<MultiImageToVideoInput>>('MultiImageToVideoRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    images: t.field({ type: [MediaReference], resolve: (r) => (r.images ?? []).map((image) => mediaView(image)!) }),
    negativePrompt: t.string({ nullable: true, resolve: (r) => opt(r.negativePrompt) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
    duration: t.int({ nullable: true, description: 'Seconds; null means Kling\'s default, 5.', resolve: (r) => opt(r.duration) }),
    aspectRatio: t.field({ type: AspectRatioEnum, nullable: true, resolve: (r) => opt(r.aspectRatio) }),
  }),
});

builder.objectRef<View<MotionControlInput>>('MotionControlRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    image: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.image) }),
    video: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.video) }),
    characterOrientation: t.field({ type: CharacterOrientationEnum, nullable: true, resolve: (r) => opt(r.characterOrientation) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
    keepOriginalSound: t.boolean({ nullable: true, resolve: (r) => opt(r.keepOriginalSound) }),
    elementIds: t.idList({ nullable: true, resolve: (r) => opt(r.elementIds) }),
  }),
});

builder.objectRef<View<OmniVideoInput>>('OmniVideoRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    multiShot: t.field({ type: MultiShot, nullable: true, resolve: (r) => opt(r.multiShot) }),
    // Named apart from the input's `images` and `video`: other requests have fields of those names
    // with other types, and one history query must be able to ask for all of them.
    referenceImages: t.field({ type: [OmniImage], nullable: true, description: 'The input\'s images.', resolve: (r) => opt(r.images) }),
    elementIds: t.idList({ nullable: true, resolve: (r) => opt(r.elementIds) }),
    referenceVideo: t.field({ type: OmniVideoReference, nullable: true, description: 'The input\'s video.', resolve: (r) => opt(r.video) }),
    sound: t.boolean({ nullable: true, resolve: (r) => opt(r.sound) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
    aspectRatio: t.field({ type: AspectRatioEnum, nullable: true, resolve: (r) => opt(r.aspectRatio) }),
    duration: t.int({ nullable: true, description: 'Seconds; null means Kling\'s default, 5.', resolve: (r) => opt(r.duration) }),
  }),
});

/** One type per capability: adding a capability adds a row here and a type above. */
const REQUEST_TYPES: Record<Capability, string> = {
  TEXT_TO_VIDEO: 'TextToVideoRequest',
  IMAGE_TO_VIDEO: 'ImageToVideoRequest',
  MULTI_IMAGE_TO_VIDEO: 'MultiImageToVideoRequest',
  MOTION_CONTROL: 'MotionControlRequest',
  OMNI_VIDEO: 'OmniVideoRequest',
};
