/**
 * GraphQL input -> Kling wire body, one pure function per capability. Only what the caller set is
 * sent, so Kling's own defaults apply to the rest. The common fields (`model_name`,
 * `external_task_id`, `callback_url`, `watermark_info`) are added by the create flow.
 */
import type {
  WireCameraControl,
  WireImageToVideo,
  WireMotionControl,
  WireMultiImageToVideo,
  WireMultiShot,
  WireOmniVideo,
  WireOnOff,
  WireTextToVideo,
} from '../kling/wire.js';
import type {
  CameraControlInput,
  ImageToVideoInput,
  MotionControlInput,
  MultiImageToVideoInput,
  MultiShotInput,
  OmniVideoInput,
  TextToVideoInput,
} from './inputs.js';
import { DEFAULT_DURATION } from './validation.js';

type Body<T> = Omit<T, 'model_name' | 'external_task_id' | 'callback_url' | 'watermark_info'>;

/** Drops null and undefined members, so absent inputs stay absent on the wire. */
function compact<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}

const onOff = (value: boolean | null | undefined): WireOnOff | undefined =>
  value === null || value === undefined ? undefined : value ? 'on' : 'off';
const yesNo = (value: boolean | null | undefined): 'yes' | 'no' | undefined =>
  value === null || value === undefined ? undefined : value ? 'yes' : 'no';
const seconds = (value: number | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : String(value);
const elements = (ids: string[] | null | undefined) => ids?.map((id) => ({ element_id: Number(id) }));
const voices = (ids: string[] | null | undefined) => ids?.map((id) => ({ voice_id: id }));

function camera(input: CameraControlInput | null | undefined): WireCameraControl | undefined {
  if (!input) return undefined;
  return compact({ type: input.type, config: input.config ? compact({ ...input.config }) : undefined }) as WireCameraControl;
}

function multiShot(input: MultiShotInput | null | undefined, duration: number | null | undefined): WireMultiShot {
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

export function textToVideoBody(input: TextToVideoInput): Body<WireTextToVideo> {
  return compact({
    prompt: input.prompt ?? undefined,
    negative_prompt: input.negativePrompt,
    cfg_scale: input.cfgScale,
    mode: input.mode,
    sound: onOff(input.sound),
    voice_list: voices(input.voiceIds),
    camera_control: camera(input.cameraControl),
    aspect_ratio: input.aspectRatio,
    duration: seconds(input.duration),
    ...multiShot(input.multiShot, input.duration),
  });
}

export function imageToVideoBody(input: ImageToVideoInput): Body<WireImageToVideo> {
  return compact({
    image: input.image,
    image_tail: input.imageTail,
    prompt: input.prompt,
    negative_prompt: input.negativePrompt,
    cfg_scale: input.cfgScale,
    mode: input.mode,
    sound: onOff(input.sound),
    voice_list: voices(input.voiceIds),
    element_list: elements(input.elementIds),
    static_mask: input.staticMask,
    dynamic_masks: input.dynamicMasks?.map((m) => ({ mask: m.mask, trajectories: m.trajectories.map(({ x, y }) => ({ x, y })) })),
    camera_control: camera(input.cameraControl),
    duration: seconds(input.duration),
    ...multiShot(input.multiShot, input.duration),
  });
}

export function multiImageToVideoBody(input: MultiImageToVideoInput): Body<WireMultiImageToVideo> {
  return compact({
    image_list: input.images.map((image) => ({ image })),
    prompt: input.prompt,
    negative_prompt: input.negativePrompt,
    mode: input.mode,
    duration: seconds(input.duration),
    aspect_ratio: input.aspectRatio,
  });
}

export function motionControlBody(input: MotionControlInput): Body<WireMotionControl> {
  return compact({
    prompt: input.prompt,
    image_url: input.image,
    video_url: input.video,
    keep_original_sound: yesNo(input.keepOriginalSound),
    character_orientation: input.characterOrientation,
    mode: input.mode,
    element_list: elements(input.elementIds),
  });
}

export function omniVideoBody(input: OmniVideoInput): Body<WireOmniVideo> {
  return compact({
    prompt: input.prompt,
    image_list: input.images?.map((image) => compact({ image_url: image.url, type: image.frame ?? undefined })),
    element_list: elements(input.elementIds),
    video_list: input.video
      ? [compact({ video_url: input.video.url, refer_type: input.video.referType ?? undefined, keep_original_sound: yesNo(input.video.keepOriginalSound) })]
      : undefined,
    sound: onOff(input.sound),
    mode: input.mode,
    aspect_ratio: input.aspectRatio,
    duration: seconds(input.duration),
    ...multiShot(input.multiShot, input.duration),
  });
}
