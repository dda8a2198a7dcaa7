/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AspectRatio =
  | 'RATIO_1_1'
  | 'RATIO_9_16'
  | 'RATIO_16_9';

/** Exactly one axis non-zero, each in [-10, 10]. */
export type CameraConfigInput = {
  horizontal?: number | null | undefined;
  pan?: number | null | undefined;
  roll?: number | null | undefined;
  tilt?: number | null | undefined;
  vertical?: number | null | undefined;
  zoom?: number | null | undefined;
};

export type CameraControlInput = {
  /** Only for SIMPLE. */
  config?: CameraConfigInput | null | undefined;
  type: CameraControlType;
};

export type CameraControlType =
  | 'DOWN_BACK'
  | 'FORWARD_UP'
  | 'LEFT_TURN_FORWARD'
  | 'RIGHT_TURN_FORWARD'
  /** One move, set in config. */
  | 'SIMPLE';

export type CharacterOrientation =
  /** The character faces as in the image (reference video up to 10 s). */
  | 'IMAGE'
  /** The character faces as in the video (reference video up to 30 s). */
  | 'VIDEO';

export type DynamicMaskInput = {
  mask: string;
  trajectories: Array<PointInput>;
};

export type FrameType =
  | 'END_FRAME'
  | 'FIRST_FRAME';

/** Choose one of: imageTail, motion masks, cameraControl. */
export type ImageToVideoInput = {
  cameraControl?: CameraControlInput | null | undefined;
  cfgScale?: number | null | undefined;
  /** Seconds: 5 or 10; 3 to 15 on kling-v3. */
  duration?: number | null | undefined;
  /** Motion brush: up to 6 areas with their paths. */
  dynamicMasks?: Array<DynamicMaskInput> | null | undefined;
  /** Up to 3 elements from your element library (kling-v3). */
  elementIds?: Array<string | number> | null | undefined;
  /** Your own id for the task, and the idempotency key: sending it again returns the existing task. */
  externalTaskId?: string | null | undefined;
  /** First frame: a URL or Base64 (no data: prefix); jpg/png, up to 10 MB. */
  image?: string | null | undefined;
  /** Last frame, same formats. */
  imageTail?: string | null | undefined;
  mode?: VideoMode | null | undefined;
  /** Kling model for image to video. Default: kling-v3. */
  model?: string | null | undefined;
  multiShot?: MultiShotInput | null | undefined;
  negativePrompt?: string | null | undefined;
  prompt?: string | null | undefined;
  sound?: boolean | null | undefined;
  /** Motion brush: the area that stays still. */
  staticMask?: string | null | undefined;
  voiceIds?: Array<string> | null | undefined;
  /** Also produce a watermarked copy. */
  watermark?: boolean | null | undefined;
};

export type MotionControlInput = {
  characterOrientation: CharacterOrientation;
  /** One element (kling-v3, orientation VIDEO). */
  elementIds?: Array<string | number> | null | undefined;
  /** Your own id for the task, and the idempotency key: sending it again returns the existing task. */
  externalTaskId?: string | null | undefined;
  /** The character: a URL or Base64; jpg/png, up to 10 MB. */
  image: string;
  /** Keep the reference video's sound. Kling's default: yes. */
  keepOriginalSound?: boolean | null | undefined;
  mode: VideoMode;
  /** Kling model for motion control. Default: kling-v2-6. */
  model?: string | null | undefined;
  prompt?: string | null | undefined;
  /** The motion to copy: an mp4/mov URL, 3 to 30 s. */
  video: string;
  /** Also produce a watermarked copy. */
  watermark?: boolean | null | undefined;
};

export type MultiImageToVideoInput = {
  aspectRatio?: AspectRatio | null | undefined;
  /** Seconds: 5 or 10. */
  duration?: number | null | undefined;
  /** Your own id for the task, and the idempotency key: sending it again returns the existing task. */
  externalTaskId?: string | null | undefined;
  /** 1 to 4 reference images: URLs or Base64. */
  images: Array<string>;
  mode?: VideoMode | null | undefined;
  /** Kling model for multi-image to video. Default: kling-v1-6. */
  model?: string | null | undefined;
  negativePrompt?: string | null | undefined;
  prompt: string;
  /** Also produce a watermarked copy. */
  watermark?: boolean | null | undefined;
};

/** Several shots in one video (kling-v3 and kling-v3-omni). */
export type MultiShotInput = {
  shotType: ShotType;
  /** CUSTOMIZE: 1 to 6 shots whose durations add up to the video's. */
  shots?: Array<ShotInput> | null | undefined;
};

/** A reference image, referenced in the prompt as <<<image_N>>> (N = position in the list). */
export type OmniImageInput = {
  /** Use it as the first or last frame; leave out for a plain reference. */
  frame?: FrameType | null | undefined;
  /** A URL or Base64. */
  url: string;
};

export type OmniVideoInput = {
  /** Required unless a FIRST_FRAME image or a BASE video sets it. */
  aspectRatio?: AspectRatio | null | undefined;
  /** Seconds: 3 to 10 on kling-video-o1, 3 to 15 on kling-v3-omni. */
  duration?: number | null | undefined;
  elementIds?: Array<string | number> | null | undefined;
  /** Your own id for the task, and the idempotency key: sending it again returns the existing task. */
  externalTaskId?: string | null | undefined;
  images?: Array<OmniImageInput> | null | undefined;
  /** Kling's default here: PRO. */
  mode?: VideoMode | null | undefined;
  /** Kling model for omni video. Default: kling-video-o1. */
  model?: string | null | undefined;
  /** kling-v3-omni only. */
  multiShot?: MultiShotInput | null | undefined;
  /** Reference inputs as <<<image_1>>>, <<<element_1>>>, <<<video_1>>>. */
  prompt?: string | null | undefined;
  /** kling-v3-omni; must be off with a reference video. */
  sound?: boolean | null | undefined;
  /** One reference video. */
  video?: OmniVideoReferenceInput | null | undefined;
  /** Also produce a watermarked copy. */
  watermark?: boolean | null | undefined;
};

export type OmniVideoReferenceInput = {
  keepOriginalSound?: boolean | null | undefined;
  /** Kling's default: BASE. */
  referType?: VideoReferType | null | undefined;
  /** An mp4/mov URL, 3 to 10 s (15 s on kling-v3-omni). */
  url: string;
};

/** A pixel position, origin at the bottom left. */
export type PointInput = {
  x: number;
  y: number;
};

export type ShotInput = {
  /** Seconds. */
  duration: number;
  prompt: string;
};

export type ShotType =
  /** You write each shot. */
  | 'CUSTOMIZE'
  /** The model splits the prompt into shots. */
  | 'INTELLIGENCE';

export type TaskStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'PROCESSING'
  | 'QUEUED'
  | 'SUBMITTED'
  | 'SUCCEEDED';

export type TextToVideoInput = {
  aspectRatio?: AspectRatio | null | undefined;
  cameraControl?: CameraControlInput | null | undefined;
  /** Prompt adherence, 0 to 1 (not for kling-v2.x). */
  cfgScale?: number | null | undefined;
  /** Seconds: 5 or 10; 3 to 15 on kling-v3. */
  duration?: number | null | undefined;
  /** Your own id for the task, and the idempotency key: sending it again returns the existing task. */
  externalTaskId?: string | null | undefined;
  mode?: VideoMode | null | undefined;
  /** Kling model for text to video. Default: kling-v3. */
  model?: string | null | undefined;
  multiShot?: MultiShotInput | null | undefined;
  negativePrompt?: string | null | undefined;
  /** What happens: subject, motion, camera, light. Up to 2500 characters. */
  prompt?: string | null | undefined;
  /** Generate sound (kling-v2-6, kling-v3). */
  sound?: boolean | null | undefined;
  /** Up to 2 voices, referenced in the prompt as <<<voice_1>>>; needs sound. */
  voiceIds?: Array<string> | null | undefined;
  /** Also produce a watermarked copy. */
  watermark?: boolean | null | undefined;
};

export type VideoCapability =
  | 'AVATAR'
  | 'IMAGE_TO_VIDEO'
  | 'LIP_SYNC'
  | 'MOTION_CONTROL'
  | 'MULTI_IMAGE_TO_VIDEO'
  | 'OMNI_VIDEO'
  | 'TEXT_TO_AUDIO'
  | 'TEXT_TO_VIDEO'
  | 'VIDEO_EFFECTS'
  | 'VIDEO_EXTEND'
  | 'VIDEO_TO_AUDIO';

export type VideoMode =
  /** Higher quality. */
  | 'PRO'
  /** Standard quality: faster and cheaper. */
  | 'STD';

export type VideoReferType =
  /** Edit this video. */
  | 'BASE'
  /** Borrow the video's style and camera work. */
  | 'FEATURE';

export type TaskFieldsFragment = { id: string, taskId: string | null, capability: VideoCapability, model: string, status: TaskStatus, statusMessage: string | null, queuePosition: number | null, progress: number, estimatedCompletionAt: string | null, externalTaskId: string | null, createdAt: string, updatedAt: string, videos: Array<{ id: string, url: string, duration: number | null, expiresAt: string | null, watermarkUrl: string | null }>, request:
    | { model: string, prompt: string | null, watermark: boolean | null }
    | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
    | { model: string, prompt: string | null, watermark: boolean | null }
    | { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null }
    | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> }
    | { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null }
    | { model: string, prompt: string | null, watermark: boolean | null }
    | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
    | { model: string, prompt: string | null, watermark: boolean | null }
    | { model: string, prompt: string | null, watermark: boolean | null }
    | { model: string, prompt: string | null, watermark: boolean | null }
   | null };

export type MediaFragment = { url: string | null, inlineBytes: number | null };

export type ShotsFragment = { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null };

type RequestFields_AvatarRequest_Fragment = { model: string, prompt: string | null, watermark: boolean | null };

type RequestFields_ImageToVideoRequest_Fragment = { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null };

type RequestFields_LipSyncRequest_Fragment = { model: string, prompt: string | null, watermark: boolean | null };

type RequestFields_MotionControlRequest_Fragment = { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null };

type RequestFields_MultiImageToVideoRequest_Fragment = { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> };

type RequestFields_OmniVideoRequest_Fragment = { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null };

type RequestFields_TextToAudioRequest_Fragment = { model: string, prompt: string | null, watermark: boolean | null };

type RequestFields_TextToVideoRequest_Fragment = { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null };

type RequestFields_VideoEffectsRequest_Fragment = { model: string, prompt: string | null, watermark: boolean | null };

type RequestFields_VideoExtendRequest_Fragment = { model: string, prompt: string | null, watermark: boolean | null };

type RequestFields_VideoToAudioRequest_Fragment = { model: string, prompt: string | null, watermark: boolean | null };

export type RequestFieldsFragment =
  | RequestFields_AvatarRequest_Fragment
  | RequestFields_ImageToVideoRequest_Fragment
  | RequestFields_LipSyncRequest_Fragment
  | RequestFields_MotionControlRequest_Fragment
  | RequestFields_MultiImageToVideoRequest_Fragment
  | RequestFields_OmniVideoRequest_Fragment
  | RequestFields_TextToAudioRequest_Fragment
  | RequestFields_TextToVideoRequest_Fragment
  | RequestFields_VideoEffectsRequest_Fragment
  | RequestFields_VideoExtendRequest_Fragment
  | RequestFields_VideoToAudioRequest_Fragment
;

export type TasksQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: TaskStatus | null | undefined;
  capability?: VideoCapability | null | undefined;
}>;


export type TasksQuery = { videoTasks: { edges: Array<{ node: { id: string, taskId: string | null, capability: VideoCapability, model: string, status: TaskStatus, statusMessage: string | null, queuePosition: number | null, progress: number, estimatedCompletionAt: string | null, externalTaskId: string | null, createdAt: string, updatedAt: string, videos: Array<{ id: string, url: string, duration: number | null, expiresAt: string | null, watermarkUrl: string | null }>, request:
          | { model: string, prompt: string | null, watermark: boolean | null }
          | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
          | { model: string, prompt: string | null, watermark: boolean | null }
          | { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null }
          | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> }
          | { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null }
          | { model: string, prompt: string | null, watermark: boolean | null }
          | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
          | { model: string, prompt: string | null, watermark: boolean | null }
          | { model: string, prompt: string | null, watermark: boolean | null }
          | { model: string, prompt: string | null, watermark: boolean | null }
         | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TasksUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type TasksUpdatedSubscription = { videoTasksUpdated: { id: string, taskId: string | null, capability: VideoCapability, model: string, status: TaskStatus, statusMessage: string | null, queuePosition: number | null, progress: number, estimatedCompletionAt: string | null, externalTaskId: string | null, createdAt: string, updatedAt: string, videos: Array<{ id: string, url: string, duration: number | null, expiresAt: string | null, watermarkUrl: string | null }>, request:
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> }
      | { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
     | null } };

export type CreateTextToVideoMutationVariables = Exact<{
  input: TextToVideoInput;
}>;


export type CreateTextToVideoMutation = { createTextToVideo: { id: string, taskId: string | null, capability: VideoCapability, model: string, status: TaskStatus, statusMessage: string | null, queuePosition: number | null, progress: number, estimatedCompletionAt: string | null, externalTaskId: string | null, createdAt: string, updatedAt: string, videos: Array<{ id: string, url: string, duration: number | null, expiresAt: string | null, watermarkUrl: string | null }>, request:
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> }
      | { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
     | null } };

export type CreateImageToVideoMutationVariables = Exact<{
  input: ImageToVideoInput;
}>;


export type CreateImageToVideoMutation = { createImageToVideo: { id: string, taskId: string | null, capability: VideoCapability, model: string, status: TaskStatus, statusMessage: string | null, queuePosition: number | null, progress: number, estimatedCompletionAt: string | null, externalTaskId: string | null, createdAt: string, updatedAt: string, videos: Array<{ id: string, url: string, duration: number | null, expiresAt: string | null, watermarkUrl: string | null }>, request:
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> }
      | { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
     | null } };

export type CreateMultiImageToVideoMutationVariables = Exact<{
  input: MultiImageToVideoInput;
}>;


export type CreateMultiImageToVideoMutation = { createMultiImageToVideo: { id: string, taskId: string | null, capability: VideoCapability, model: string, status: TaskStatus, statusMessage: string | null, queuePosition: number | null, progress: number, estimatedCompletionAt: string | null, externalTaskId: string | null, createdAt: string, updatedAt: string, videos: Array<{ id: string, url: string, duration: number | null, expiresAt: string | null, watermarkUrl: string | null }>, request:
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> }
      | { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
     | null } };

export type CreateMotionControlMutationVariables = Exact<{
  input: MotionControlInput;
}>;


export type CreateMotionControlMutation = { createMotionControl: { id: string, taskId: string | null, capability: VideoCapability, model: string, status: TaskStatus, statusMessage: string | null, queuePosition: number | null, progress: number, estimatedCompletionAt: string | null, externalTaskId: string | null, createdAt: string, updatedAt: string, videos: Array<{ id: string, url: string, duration: number | null, expiresAt: string | null, watermarkUrl: string | null }>, request:
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> }
      | { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
     | null } };

export type CreateOmniVideoMutationVariables = Exact<{
  input: OmniVideoInput;
}>;


export type CreateOmniVideoMutation = { createOmniVideo: { id: string, taskId: string | null, capability: VideoCapability, model: string, status: TaskStatus, statusMessage: string | null, queuePosition: number | null, progress: number, estimatedCompletionAt: string | null, externalTaskId: string | null, createdAt: string, updatedAt: string, videos: Array<{ id: string, url: string, duration: number | null, expiresAt: string | null, watermarkUrl: string | null }>, request:
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> }
      | { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
     | null } };

export type CancelVideoTaskMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelVideoTaskMutation = { cancelVideoTask: { id: string, taskId: string | null, capability: VideoCapability, model: string, status: TaskStatus, statusMessage: string | null, queuePosition: number | null, progress: number, estimatedCompletionAt: string | null, externalTaskId: string | null, createdAt: string, updatedAt: string, videos: Array<{ id: string, url: string, duration: number | null, expiresAt: string | null, watermarkUrl: string | null }>, request:
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> }
      | { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
     | null } };

export type RetryVideoTaskMutationVariables = Exact<{
  id: string | number;
}>;


export type RetryVideoTaskMutation = { retryVideoTask: { id: string, taskId: string | null, capability: VideoCapability, model: string, status: TaskStatus, statusMessage: string | null, queuePosition: number | null, progress: number, estimatedCompletionAt: string | null, externalTaskId: string | null, createdAt: string, updatedAt: string, videos: Array<{ id: string, url: string, duration: number | null, expiresAt: string | null, watermarkUrl: string | null }>, request:
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, imageTail: { url: string | null, inlineBytes: number | null } | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { mode: VideoMode | null, model: string, prompt: string | null, watermark: boolean | null, image: { url: string | null, inlineBytes: number | null } | null, video: { url: string | null, inlineBytes: number | null } | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, model: string, prompt: string | null, watermark: boolean | null, images: Array<{ url: string | null, inlineBytes: number | null }> }
      | { duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null, referenceImages: Array<{ frame: FrameType | null, image: { url: string | null, inlineBytes: number | null } }> | null, referenceVideo: { referType: VideoReferType | null, video: { url: string | null, inlineBytes: number | null } } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { negativePrompt: string | null, duration: number | null, mode: VideoMode | null, aspectRatio: AspectRatio | null, sound: boolean | null, model: string, prompt: string | null, watermark: boolean | null, multiShot: { shotType: ShotType, shots: Array<{ prompt: string, duration: number }> | null } | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
      | { model: string, prompt: string | null, watermark: boolean | null }
     | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ShotsFragmentDoc = new TypedDocumentString(`
    fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
    `, {"fragmentName":"Shots"}) as unknown as TypedDocumentString<ShotsFragment, unknown>;
export const MediaFragmentDoc = new TypedDocumentString(`
    fragment Media on MediaReference {
  url
  inlineBytes
}
    `, {"fragmentName":"Media"}) as unknown as TypedDocumentString<MediaFragment, unknown>;
export const RequestFieldsFragmentDoc = new TypedDocumentString(`
    fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}
    fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}`, {"fragmentName":"RequestFields"}) as unknown as TypedDocumentString<RequestFieldsFragment, unknown>;
export const TaskFieldsFragmentDoc = new TypedDocumentString(`
    fragment TaskFields on VideoTask {
  id
  taskId
  capability
  model
  status
  statusMessage
  queuePosition
  progress
  estimatedCompletionAt
  externalTaskId
  createdAt
  updatedAt
  videos {
    id
    url
    duration
    expiresAt
    watermarkUrl
  }
  request {
    ...RequestFields
  }
}
    fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}`, {"fragmentName":"TaskFields"}) as unknown as TypedDocumentString<TaskFieldsFragment, unknown>;
export const TasksDocument = new TypedDocumentString(`
    query Tasks($first: Int, $after: String, $status: TaskStatus, $capability: VideoCapability) {
  videoTasks(
    first: $first
    after: $after
    status: $status
    capability: $capability
  ) {
    edges {
      node {
        ...TaskFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment TaskFields on VideoTask {
  id
  taskId
  capability
  model
  status
  statusMessage
  queuePosition
  progress
  estimatedCompletionAt
  externalTaskId
  createdAt
  updatedAt
  videos {
    id
    url
    duration
    expiresAt
    watermarkUrl
  }
  request {
    ...RequestFields
  }
}
fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}`) as unknown as TypedDocumentString<TasksQuery, TasksQueryVariables>;
export const TasksUpdatedDocument = new TypedDocumentString(`
    subscription TasksUpdated {
  videoTasksUpdated {
    ...TaskFields
  }
}
    fragment TaskFields on VideoTask {
  id
  taskId
  capability
  model
  status
  statusMessage
  queuePosition
  progress
  estimatedCompletionAt
  externalTaskId
  createdAt
  updatedAt
  videos {
    id
    url
    duration
    expiresAt
    watermarkUrl
  }
  request {
    ...RequestFields
  }
}
fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}`) as unknown as TypedDocumentString<TasksUpdatedSubscription, TasksUpdatedSubscriptionVariables>;
export const CreateTextToVideoDocument = new TypedDocumentString(`
    mutation CreateTextToVideo($input: TextToVideoInput!) {
  createTextToVideo(input: $input) {
    ...TaskFields
  }
}
    fragment TaskFields on VideoTask {
  id
  taskId
  capability
  model
  status
  statusMessage
  queuePosition
  progress
  estimatedCompletionAt
  externalTaskId
  createdAt
  updatedAt
  videos {
    id
    url
    duration
    expiresAt
    watermarkUrl
  }
  request {
    ...RequestFields
  }
}
fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}`) as unknown as TypedDocumentString<CreateTextToVideoMutation, CreateTextToVideoMutationVariables>;
export const CreateImageToVideoDocument = new TypedDocumentString(`
    mutation CreateImageToVideo($input: ImageToVideoInput!) {
  createImageToVideo(input: $input) {
    ...TaskFields
  }
}
    fragment TaskFields on VideoTask {
  id
  taskId
  capability
  model
  status
  statusMessage
  queuePosition
  progress
  estimatedCompletionAt
  externalTaskId
  createdAt
  updatedAt
  videos {
    id
    url
    duration
    expiresAt
    watermarkUrl
  }
  request {
    ...RequestFields
  }
}
fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}`) as unknown as TypedDocumentString<CreateImageToVideoMutation, CreateImageToVideoMutationVariables>;
export const CreateMultiImageToVideoDocument = new TypedDocumentString(`
    mutation CreateMultiImageToVideo($input: MultiImageToVideoInput!) {
  createMultiImageToVideo(input: $input) {
    ...TaskFields
  }
}
    fragment TaskFields on VideoTask {
  id
  taskId
  capability
  model
  status
  statusMessage
  queuePosition
  progress
  estimatedCompletionAt
  externalTaskId
  createdAt
  updatedAt
  videos {
    id
    url
    duration
    expiresAt
    watermarkUrl
  }
  request {
    ...RequestFields
  }
}
fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}`) as unknown as TypedDocumentString<CreateMultiImageToVideoMutation, CreateMultiImageToVideoMutationVariables>;
export const CreateMotionControlDocument = new TypedDocumentString(`
    mutation CreateMotionControl($input: MotionControlInput!) {
  createMotionControl(input: $input) {
    ...TaskFields
  }
}
    fragment TaskFields on VideoTask {
  id
  taskId
  capability
  model
  status
  statusMessage
  queuePosition
  progress
  estimatedCompletionAt
  externalTaskId
  createdAt
  updatedAt
  videos {
    id
    url
    duration
    expiresAt
    watermarkUrl
  }
  request {
    ...RequestFields
  }
}
fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}`) as unknown as TypedDocumentString<CreateMotionControlMutation, CreateMotionControlMutationVariables>;
export const CreateOmniVideoDocument = new TypedDocumentString(`
    mutation CreateOmniVideo($input: OmniVideoInput!) {
  createOmniVideo(input: $input) {
    ...TaskFields
  }
}
    fragment TaskFields on VideoTask {
  id
  taskId
  capability
  model
  status
  statusMessage
  queuePosition
  progress
  estimatedCompletionAt
  externalTaskId
  createdAt
  updatedAt
  videos {
    id
    url
    duration
    expiresAt
    watermarkUrl
  }
  request {
    ...RequestFields
  }
}
fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}`) as unknown as TypedDocumentString<CreateOmniVideoMutation, CreateOmniVideoMutationVariables>;
export const CancelVideoTaskDocument = new TypedDocumentString(`
    mutation CancelVideoTask($id: ID!) {
  cancelVideoTask(id: $id) {
    ...TaskFields
  }
}
    fragment TaskFields on VideoTask {
  id
  taskId
  capability
  model
  status
  statusMessage
  queuePosition
  progress
  estimatedCompletionAt
  externalTaskId
  createdAt
  updatedAt
  videos {
    id
    url
    duration
    expiresAt
    watermarkUrl
  }
  request {
    ...RequestFields
  }
}
fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}`) as unknown as TypedDocumentString<CancelVideoTaskMutation, CancelVideoTaskMutationVariables>;
export const RetryVideoTaskDocument = new TypedDocumentString(`
    mutation RetryVideoTask($id: ID!) {
  retryVideoTask(id: $id) {
    ...TaskFields
  }
}
    fragment TaskFields on VideoTask {
  id
  taskId
  capability
  model
  status
  statusMessage
  queuePosition
  progress
  estimatedCompletionAt
  externalTaskId
  createdAt
  updatedAt
  videos {
    id
    url
    duration
    expiresAt
    watermarkUrl
  }
  request {
    ...RequestFields
  }
}
fragment Media on MediaReference {
  url
  inlineBytes
}
fragment Shots on MultiShot {
  shotType
  shots {
    prompt
    duration
  }
}
fragment RequestFields on VideoTaskRequest {
  model
  prompt
  watermark
  ... on TextToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
  }
  ... on ImageToVideoRequest {
    negativePrompt
    duration
    mode
    sound
    image {
      ...Media
    }
    imageTail {
      ...Media
    }
    multiShot {
      ...Shots
    }
  }
  ... on MultiImageToVideoRequest {
    negativePrompt
    duration
    mode
    aspectRatio
    images {
      ...Media
    }
  }
  ... on MotionControlRequest {
    mode
    image {
      ...Media
    }
    video {
      ...Media
    }
  }
  ... on OmniVideoRequest {
    duration
    mode
    aspectRatio
    sound
    multiShot {
      ...Shots
    }
    referenceImages {
      frame
      image {
        ...Media
      }
    }
    referenceVideo {
      referType
      video {
        ...Media
      }
    }
  }
}`) as unknown as TypedDocumentString<RetryVideoTaskMutation, RetryVideoTaskMutationVariables>;