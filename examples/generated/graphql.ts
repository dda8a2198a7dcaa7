/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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

/** Several shots in one video (kling-v3 and kling-v3-omni). */
export type MultiShotInput = {
  shotType: ShotType;
  /** CUSTOMIZE: 1 to 6 shots whose durations add up to the video's. */
  shots?: Array<ShotInput> | null | undefined;
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

export type VideoMode =
  /** Higher quality. */
  | 'PRO'
  /** Standard quality: faster and cheaper. */
  | 'STD';

export type CreateTextToVideoMutationVariables = Exact<{
  input: TextToVideoInput;
}>;


export type CreateTextToVideoMutation = { createTextToVideo: { id: string, taskId: string | null, status: TaskStatus, model: string } };

export type WatchVideoTaskSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type WatchVideoTaskSubscription = { videoTaskUpdated: { id: string, status: TaskStatus, statusMessage: string | null, progress: number, estimatedCompletionAt: string | null, estimatedCompletionAtP90: string | null, updatedAt: string, videos: Array<{ url: string, duration: number | null }> } };

export type VideoTaskQueryVariables = Exact<{
  id: string | number;
}>;


export type VideoTaskQuery = { videoTask: { id: string, status: TaskStatus, statusMessage: string | null, videos: Array<{ url: string }> } | null };


export const CreateTextToVideoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateTextToVideo"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TextToVideoInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createTextToVideo"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"}}]}}]}}]} as unknown as DocumentNode<CreateTextToVideoMutation, CreateTextToVideoMutationVariables>;
export const WatchVideoTaskDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WatchVideoTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"videoTaskUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCompletionAt"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCompletionAtP90"}},{"kind":"Field","name":{"kind":"Name","value":"videos"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"duration"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<WatchVideoTaskSubscription, WatchVideoTaskSubscriptionVariables>;
export const VideoTaskDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VideoTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"videoTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"videos"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]} as unknown as DocumentNode<VideoTaskQuery, VideoTaskQueryVariables>;