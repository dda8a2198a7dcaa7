/**
 * Kling's legacy `/v1/*` wire protocol: the envelope, the task object and the pieces several
 * create bodies share, written once. Everything else in the gateway speaks
 * the gateway's own task model (`src/model/task.ts`); only `src/kling/`, `src/capabilities/` and the
 * sandbox touch these.
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

/** A sound result (`/v1/audio/*`): Kling gives both formats. Durations are seconds, as strings. */
export interface WireAudio {
  id: string;
  url_mp3?: string;
  url_wav?: string;
  duration_mp3?: string;
  duration_wav?: string;
}

/** The task object: the `data` of create and query answers, and the bare body of callbacks. */
export interface WireTask {
  task_id: string;
  task_status: WireTaskStatus;
  task_status_msg?: string;
  task_info?: { external_task_id?: string };
  task_result?: { videos?: WireVideo[]; audios?: WireAudio[] };
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

/**
 * A create body: the common fields and the capability's own, whose types live with each capability
 * (`src/capabilities/<name>/index.ts`).
 */
export type WireCreateRequest = Partial<WireCommon> & Record<string, unknown>;

/** `POST /v1/videos/identify-face` answers at once: a session and the faces found in the video. */
export interface WireIdentifiedFaces {
  session_id: string;
  face_data: { face_id: string; face_image: string; start_time: number; end_time: number }[];
}
