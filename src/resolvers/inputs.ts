/**
 * The create inputs as resolvers receive them. The GraphQL input types in `src/schema/` are
 * declared against these shapes (`builder.inputRef<Shape>`), so Pothos checks that both agree.
 * Enum values arrive already in Kling's spelling (`std`, `16:9`): the enums map them.
 */
import type { WireAspectRatio, WireCameraControl, WireMode } from '../kling/wire.js';

type Opt<T> = T | null | undefined;

export interface ShotInput {
  prompt: string;
  duration: number;
}

export interface MultiShotInput {
  shotType: 'customize' | 'intelligence';
  /** Required for `customize`: 1 to 6 shots whose durations add up to the video's. */
  shots?: Opt<ShotInput[]>;
}

export interface CameraConfigInput {
  horizontal?: Opt<number>;
  vertical?: Opt<number>;
  pan?: Opt<number>;
  tilt?: Opt<number>;
  roll?: Opt<number>;
  zoom?: Opt<number>;
}

export interface CameraControlInput {
  type: WireCameraControl['type'];
  config?: Opt<CameraConfigInput>;
}

export interface PointInput {
  x: number;
  y: number;
}

export interface DynamicMaskInput {
  mask: string;
  trajectories: PointInput[];
}

/** Fields every create shares. */
export interface CommonInput {
  model?: Opt<string>;
  /** Also the idempotency key: the same tenant sending it again gets the existing task. */
  externalTaskId?: Opt<string>;
  watermark?: Opt<boolean>;
}

export interface TextToVideoInput extends CommonInput {
  prompt?: Opt<string>;
  negativePrompt?: Opt<string>;
  cfgScale?: Opt<number>;
  mode?: Opt<WireMode>;
  sound?: Opt<boolean>;
  voiceIds?: Opt<string[]>;
  cameraControl?: Opt<CameraControlInput>;
  aspectRatio?: Opt<WireAspectRatio>;
  duration?: Opt<number>;
  multiShot?: Opt<MultiShotInput>;
}

export interface ImageToVideoInput extends CommonInput {
  image?: Opt<string>;
  imageTail?: Opt<string>;
  prompt?: Opt<string>;
  negativePrompt?: Opt<string>;
  cfgScale?: Opt<number>;
  mode?: Opt<WireMode>;
  sound?: Opt<boolean>;
  voiceIds?: Opt<string[]>;
  elementIds?: Opt<string[]>;
  staticMask?: Opt<string>;
  dynamicMasks?: Opt<DynamicMaskInput[]>;
  cameraControl?: Opt<CameraControlInput>;
  duration?: Opt<number>;
  multiShot?: Opt<MultiShotInput>;
}

export interface MultiImageToVideoInput extends CommonInput {
  images: string[];
  prompt: string;
  negativePrompt?: Opt<string>;
  mode?: Opt<WireMode>;
  duration?: Opt<number>;
  aspectRatio?: Opt<WireAspectRatio>;
}

export interface MotionControlInput extends CommonInput {
  image: string;
  video: string;
  characterOrientation: 'image' | 'video';
  mode: WireMode;
  prompt?: Opt<string>;
  keepOriginalSound?: Opt<boolean>;
  elementIds?: Opt<string[]>;
}

export interface OmniImageInput {
  url: string;
  frame?: Opt<'first_frame' | 'end_frame'>;
}

export interface OmniVideoReferenceInput {
  url: string;
  referType?: Opt<'feature' | 'base'>;
  keepOriginalSound?: Opt<boolean>;
}

export interface OmniVideoInput extends CommonInput {
  prompt?: Opt<string>;
  multiShot?: Opt<MultiShotInput>;
  images?: Opt<OmniImageInput[]>;
  elementIds?: Opt<string[]>;
  video?: Opt<OmniVideoReferenceInput>;
  sound?: Opt<boolean>;
  mode?: Opt<WireMode>;
  aspectRatio?: Opt<WireAspectRatio>;
  duration?: Opt<number>;
}
