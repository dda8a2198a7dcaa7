import {
  CreateImageToVideoDocument,
  CreateMotionControlDocument,
  CreateMultiImageToVideoDocument,
  CreateOmniVideoDocument,
  CreateTextToVideoDocument,
  type AspectRatio,
  type CharacterOrientation,
  type FrameType,
  type ShotType,
  type VideoMode,
  type VideoReferType,
} from './generated/graphql.js';
import type { Task } from './api/live.js';
import type { GatewayClient, Result } from './api/client.js';
import { defaultDuration, defaultModel, durations, takesMultiShot, takesSound, type Capability } from './rules.js';

/** Everything the create form holds; each capability reads the fields it has. */
export interface FormState {
  capability: Capability;
  model: string;
  duration: number;
  mode: VideoMode;
  aspectRatio: AspectRatio;
  prompt: string;
  negativePrompt: string;
  sound: boolean;
  watermark: boolean;
  externalTaskId: string;
  /** Image to video: first and last frame. */
  image: string;
  imageTail: string;
  /** Multi-image to video. */
  images: string[];
  /** Omni: reference images, each optionally a first or last frame. */
  omniImages: { url: string; frame: FrameType | '' }[];
  /** Motion control. */
  motionVideo: string;
  characterOrientation: CharacterOrientation;
  /** Omni: one reference video. */
  omniVideo: { url: string; referType: VideoReferType; keepOriginalSound: boolean };
  multiShot: ShotType | '';
  shots: { prompt: string; duration: number }[];
}

export function initialState(capability: Capability = 'TEXT_TO_VIDEO'): FormState {
  const model = defaultModel(capability);
  return {
    capability,
    model,
    duration: defaultDuration(model),
    mode: capability === 'OMNI_VIDEO' ? 'PRO' : 'STD',
    aspectRatio: 'RATIO_16_9',
    prompt: '',
    negativePrompt: '',
    sound: false,
    watermark: false,
    externalTaskId: '',
    image: '',
    imageTail: '',
    images: [''],
    omniImages: [],
    motionVideo: '',
    characterOrientation: 'IMAGE',
    omniVideo: { url: '', referType: 'BASE', keepOriginalSound: true },
    multiShot: '',
    shots: [{ prompt: '', duration: 5 }],
  };
}

/** Keeps the state within what the chosen model allows when the capability or model changes. */
export function withCapability(state: FormState, capability: Capability): FormState {
  return { ...initialState(capability), prompt: state.prompt, negativePrompt: state.negativePrompt, externalTaskId: '' };
}

export function withModel(state: FormState, model: string): FormState {
  const next = { ...state, model };
  if (!durations(model).includes(state.duration)) next.duration = defaultDuration(model);
  if (!takesMultiShot(state.capability, model)) next.multiShot = '';
  if (!takesSound(state.capability, model)) next.sound = false;
  return next;
}

const text = (value: string): string | undefined => (value.trim() ? value.trim() : undefined);

function multiShot(state: FormState) {
  if (!state.multiShot || !takesMultiShot(state.capability, state.model)) return undefined;
  return {
    shotType: state.multiShot,
    shots: state.multiShot === 'CUSTOMIZE' ? state.shots.map((s) => ({ prompt: s.prompt, duration: s.duration })) : undefined,
  };
}

/** The fields every capability shares, left out when empty so the server's defaults apply. */
function common(state: FormState) {
  return {
    model: state.model,
    externalTaskId: text(state.externalTaskId),
    watermark: state.watermark || undefined,
  };
}

/** Sends the create for the chosen capability; the answer's task has the same shape for all five. */
export async function submitCreate(client: GatewayClient, state: FormState): Promise<Result<Task>> {
  const request = client.execute;
  const sound = takesSound(state.capability, state.model) && state.sound ? true : undefined;
  const unwrap = <K extends string>(result: Result<Record<K, Task>>, key: K): Result<Task> => ({
    data: result.data?.[key] ?? null,
    errors: result.errors,
  });
  switch (state.capability) {
    case 'TEXT_TO_VIDEO':
      return unwrap(
        await request(CreateTextToVideoDocument, {
          input: {
            ...common(state),
            prompt: text(state.prompt),
            negativePrompt: text(state.negativePrompt),
            duration: state.duration,
            mode: state.mode,
            aspectRatio: state.aspectRatio,
            sound,
            multiShot: multiShot(state),
          },
        }),
        'createTextToVideo',
      );
    case 'IMAGE_TO_VIDEO':
      return unwrap(
        await request(CreateImageToVideoDocument, {
          input: {
            ...common(state),
            prompt: text(state.prompt),
            negativePrompt: text(state.negativePrompt),
            image: text(state.image),
            imageTail: text(state.imageTail),
            duration: state.duration,
            mode: state.mode,
            sound,
            multiShot: multiShot(state),
          },
        }),
        'createImageToVideo',
      );
    case 'MULTI_IMAGE_TO_VIDEO':
      return unwrap(
        await request(CreateMultiImageToVideoDocument, {
          input: {
            ...common(state),
            prompt: state.prompt,
            negativePrompt: text(state.negativePrompt),
            images: state.images.map((i) => i.trim()).filter(Boolean),
            duration: state.duration,
            mode: state.mode,
            aspectRatio: state.aspectRatio,
          },
        }),
        'createMultiImageToVideo',
      );
    case 'MOTION_CONTROL':
      return unwrap(
        await request(CreateMotionControlDocument, {
          input: {
            ...common(state),
            prompt: text(state.prompt),
            image: state.image.trim(),
            video: state.motionVideo.trim(),
            characterOrientation: state.characterOrientation,
            mode: state.mode,
          },
        }),
        'createMotionControl',
      );
    case 'OMNI_VIDEO':
      return unwrap(
        await request(CreateOmniVideoDocument, {
          input: {
            ...common(state),
            prompt: text(state.prompt),
            images: state.omniImages.length
              ? state.omniImages.map((i) => ({ url: i.url.trim(), frame: i.frame || undefined }))
              : undefined,
            video: text(state.omniVideo.url) ? { ...state.omniVideo, url: state.omniVideo.url.trim() } : undefined,
            duration: state.duration,
            mode: state.mode,
            aspectRatio: state.aspectRatio,
            sound,
            multiShot: multiShot(state),
          },
        }),
        'createOmniVideo',
      );
  }
}
