/**
 * Kling's legacy `/v1/videos/*` wire protocol, written once. Everything else in the gateway speaks
 * the gateway's own task model (`src/model/task.ts`); only `src/kling/` and the sandbox touch these.
 */

export type WireTaskStatus = 'submitted' | 'processing' | 'succeed' | 'succeeded' | 'failed';
export type WireMode = 'std' | 'pro' | '4k';
export type WireAspectRatio = '16:9' | '9:16' | '1:1';
export type WireOnOff = 'on' | 'off';

/** Every answer from Kling is wrapped in this envelope; `code` 0 means the request was accepted. */
export interface WireEnvelope<T> {
  code: number;
  message: string;
  request_id: string;
  data?: T;
}

export interface WireVideo {
  id: string;
  url: string;
  watermark_url?: string;
  /** Seconds, as a decimal string. */
  duration?: string;
}

/** The task object: the `data` of create and query answers, and the bare body of callbacks. */
export interface WireTask {
  task_id: string;
  task_status: WireTaskStatus;
  task_status_msg?: string;
  task_info?: { external_task_id?: string };
  task_result?: { videos?: WireVideo[] };
  created_at: number;
  updated_at: number;
  final_unit_deduction?: string;
}

export interface WireCameraControl {
  type: 'simple' | 'down_back' | 'forward_up' | 'right_turn_forward' | 'left_turn_forward';
  config?: {
    horizontal?: number;
    vertical?: number;
    pan?: number;
    tilt?: number;
    roll?: number;
    zoom?: number;
  };
}

export interface WireShot {
  index: number;
  prompt: string;
  duration: string;
}

/** Fields every create endpoint accepts. */
export interface WireCommon {
  model_name: string;
  callback_url?: string;
  external_task_id?: string;
  watermark_info?: { enabled: boolean };
}

export interface WireMultiShot {
  multi_shot?: boolean;
  shot_type?: 'customize' | 'intelligence';
  multi_prompt?: WireShot[];
}

export interface WireTextToVideo extends WireCommon, WireMultiShot {
  prompt?: string;
  negative_prompt?: string;
  cfg_scale?: number;
  mode?: WireMode;
  sound?: WireOnOff;
  voice_list?: { voice_id: string }[];
  camera_control?: WireCameraControl;
  aspect_ratio?: WireAspectRatio;
  duration?: string;
}

export interface WireImageToVideo extends WireCommon, WireMultiShot {
  image?: string;
  image_tail?: string;
  prompt?: string;
  negative_prompt?: string;
  cfg_scale?: number;
  mode?: WireMode;
  sound?: WireOnOff;
  voice_list?: { voice_id: string }[];
  element_list?: { element_id: number }[];
  static_mask?: string;
  dynamic_masks?: { mask: string; trajectories: { x: number; y: number }[] }[];
  camera_control?: WireCameraControl;
  duration?: string;
}

export interface WireMultiImageToVideo extends WireCommon {
  image_list: { image: string }[];
  prompt: string;
  negative_prompt?: string;
  mode?: WireMode;
  duration?: string;
  aspect_ratio?: WireAspectRatio;
}

export interface WireMotionControl extends WireCommon {
  prompt?: string;
  image_url: string;
  video_url: string;
  keep_original_sound?: 'yes' | 'no';
  character_orientation: 'image' | 'video';
  mode: WireMode;
  element_list?: { element_id: number }[];
}

export interface WireOmniVideo extends WireCommon, WireMultiShot {
  prompt?: string;
  image_list?: { image_url: string; type?: 'first_frame' | 'end_frame' }[];
  element_list?: { element_id: number }[];
  video_list?: { video_url: string; refer_type?: 'feature' | 'base'; keep_original_sound?: 'yes' | 'no' }[];
  sound?: WireOnOff;
  mode?: WireMode;
  aspect_ratio?: WireAspectRatio;
  duration?: string;
}

export type WireCreateRequest =
  | WireTextToVideo
  | WireImageToVideo
  | WireMultiImageToVideo
  | WireMotionControl
  | WireOmniVideo;
