import { useState } from 'preact/hooks';
import type { GatewayClient } from '../api/client.js';
import type { Task } from '../api/live.js';
import { formErrors, type FormErrors } from '../errors.js';
import { initialState, submitCreate, withCapability, withModel, type FormState } from '../form-state.js';
import type { AspectRatio, CharacterOrientation, FrameType, ShotType, VideoMode, VideoReferType } from '../generated/graphql.js';
import {
  CAPABILITY_LABELS,
  durations,
  MAX_MULTI_IMAGES,
  MAX_PROMPT,
  MAX_SHOTS,
  models,
  takesMultiShot,
  takesSound,
  type Capability,
} from '../rules.js';
import { Field, FieldErrors, fieldId } from './Field.js';
import { ImageInput } from './MediaInput.js';

const CAPABILITIES = Object.keys(CAPABILITY_LABELS) as Capability[];
const RATIOS: [AspectRatio, string][] = [
  ['RATIO_16_9', '16:9 landscape'],
  ['RATIO_9_16', '9:16 portrait'],
  ['RATIO_1_1', '1:1 square'],
];
const NO_ERRORS: FormErrors = { fields: {}, summary: [] };
const PROMPT_HINTS: Record<Capability, string> = {
  TEXT_TO_VIDEO: 'Subject, motion, camera, light. Not needed when you write each shot.',
  IMAGE_TO_VIDEO: 'What happens from the first frame on (optional).',
  MULTI_IMAGE_TO_VIDEO: 'How the images come together.',
  MOTION_CONTROL: 'Anything to add to the motion (optional).',
  OMNI_VIDEO: 'Refer to inputs as <<<image_1>>>, <<<video_1>>>. Not needed when you write each shot.',
};

/** The create form for all five capabilities, offering only what the chosen model accepts. */
export function CreateForm(props: { client: GatewayClient; onCreated: (task: Task) => void }) {
  const [state, setState] = useState<FormState>(() => initialState());
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<FormState>) => setState((s) => ({ ...s, ...patch }));
  const e = (name: string) => errors.fields[name];
  const { capability, model } = state;
  const hasRatio = capability === 'TEXT_TO_VIDEO' || capability === 'MULTI_IMAGE_TO_VIDEO' || capability === 'OMNI_VIDEO';
  const hasNegative = capability === 'TEXT_TO_VIDEO' || capability === 'IMAGE_TO_VIDEO' || capability === 'MULTI_IMAGE_TO_VIDEO';
  const hasDuration = capability !== 'MOTION_CONTROL';

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const result = await submitCreate(props.client, state);
    setBusy(false);
    if (result.errors?.length) {
      const found = formErrors(result.errors);
      setErrors(found);
      // Focus the first field the server named, else the summary.
      const first = Object.keys(found.fields)[0];
      const target = (first && document.getElementById(fieldId(first))) || document.getElementById('create-errors');
      target?.focus();
      return;
    }
    setErrors(NO_ERRORS);
    if (result.data) props.onCreated(result.data);
  };

  return (
    <form class="create" onSubmit={submit} noValidate aria-labelledby="create-title">
      <h2 id="create-title">New video</h2>
      <fieldset class="capabilities">
        <legend>What to start from</legend>
        {CAPABILITIES.map((c) => (
          <label key={c} class={c === capability ? 'chip selected' : 'chip'}>
            <input
              type="radio"
              name="capability"
              value={c}
              checked={c === capability}
              onChange={() => {
                setState((s) => withCapability(s, c));
                setErrors(NO_ERRORS);
              }}
            />
            {CAPABILITY_LABELS[c]}
          </label>
        ))}
      </fieldset>

      {errors.summary.length > 0 && (
        <div id="create-errors" class="alert" role="alert" tabIndex={-1}>
          <p>The video was not started:</p>
          <ul>
            {errors.summary.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </div>
      )}

      <Field name="prompt" label="Prompt" errors={e('prompt')} hint={PROMPT_HINTS[capability]}>
        {(p) => <textarea {...p} rows={3} maxLength={MAX_PROMPT} value={state.prompt} onInput={(ev) => set({ prompt: ev.currentTarget.value })} />}
      </Field>
      {hasNegative && (
        <Field name="negativePrompt" label="Negative prompt (optional)" errors={e('negativePrompt')}>
          {(p) => <input {...p} type="text" value={state.negativePrompt} onInput={(ev) => set({ negativePrompt: ev.currentTarget.value })} />}
        </Field>
      )}

      {(capability === 'IMAGE_TO_VIDEO' || capability === 'MOTION_CONTROL') && (
        <ImageInput name="image" label={capability === 'MOTION_CONTROL' ? 'Character image URL' : 'First frame image URL'} errors={e('image')}
          hint="jpg or png, up to 10 MB." value={state.image} onChange={(image) => set({ image })} />
      )}
      {capability === 'IMAGE_TO_VIDEO' && (
        <ImageInput name="imageTail" label="Last frame image URL (optional)" errors={e('imageTail')}
          value={state.imageTail} onChange={(imageTail) => set({ imageTail })} />
      )}
      {capability === 'MULTI_IMAGE_TO_VIDEO' && (
        <fieldset class="group">
          <legend>Reference images (1 to {MAX_MULTI_IMAGES})</legend>
          <FieldErrors id={`${fieldId('images')}-error`} errors={e('images')} />
          {state.images.map((url, i) => (
            <ImageInput key={i} name={`images[${i}]`} label={`Image ${i + 1} URL`} errors={e(`images[${i}]`)} value={url}
              onChange={(value) => set({ images: state.images.map((v, j) => (j === i ? value : v)) })} />
          ))}
          <div class="row">
            <button type="button" disabled={state.images.length >= MAX_MULTI_IMAGES} onClick={() => set({ images: [...state.images, ''] })}>Add image</button>
            <button type="button" disabled={state.images.length <= 1} onClick={() => set({ images: state.images.slice(0, -1) })}>Remove last</button>
          </div>
        </fieldset>
      )}
      {capability === 'MOTION_CONTROL' && (
        <>
          <Field name="video" label="Motion reference video URL" errors={e('video')} hint="mp4 or mov, 3 to 30 s.">
            {(p) => <input {...p} type="url" inputMode="url" value={state.motionVideo} onInput={(ev) => set({ motionVideo: ev.currentTarget.value })} />}
          </Field>
          <Field name="characterOrientation" label="Character faces as in the" errors={e('characterOrientation')}>
            {(p) => (
              <select {...p} value={state.characterOrientation} onChange={(ev) => set({ characterOrientation: ev.currentTarget.value as CharacterOrientation })}>
                <option value="IMAGE">image (video up to 10 s)</option>
                <option value="VIDEO">video (video up to 30 s)</option>
              </select>
            )}
          </Field>
        </>
      )}
      {capability === 'OMNI_VIDEO' && <OmniReferences state={state} set={set} errors={e} />}

      <div class="grid">
        <Field name="model" label="Model" errors={e('model')}>
          {(p) => (
            <select {...p} value={model} onChange={(ev) => setState((s) => withModel(s, ev.currentTarget.value))}>
              {models(capability).map((m) => (
                <option key={m} value={m}>{m}</option>
              ))}
            </select>
          )}
        </Field>
        {hasDuration && (
          <Field name="duration" label="Duration (seconds)" errors={e('duration')}>
            {(p) => (
              <select {...p} value={state.duration} onChange={(ev) => set({ duration: Number(ev.currentTarget.value) })}>
                {durations(model).map((d) => (
                  <option key={d} value={d}>{d}</option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field name="mode" label="Quality" errors={e('mode')}>
          {(p) => (
            <select {...p} value={state.mode} onChange={(ev) => set({ mode: ev.currentTarget.value as VideoMode })}>
              <option value="STD">Standard</option>
              <option value="PRO">Pro</option>
            </select>
          )}
        </Field>
        {hasRatio && (
          <Field name="aspectRatio" label="Aspect ratio" errors={e('aspectRatio')}>
            {(p) => (
              <select {...p} value={state.aspectRatio} onChange={(ev) => set({ aspectRatio: ev.currentTarget.value as AspectRatio })}>
                {RATIOS.map(([value, label]) => (
                  <option key={value} value={value}>{label}</option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>

      {takesSound(capability, model) && (
        <label class="check">
          <input type="checkbox" name="sound" checked={state.sound} onChange={(ev) => set({ sound: ev.currentTarget.checked })} /> Generate sound
          <FieldErrors id={`${fieldId('sound')}-error`} errors={e('sound')} />
        </label>
      )}
      {takesMultiShot(capability, model) && <ShotsEditor state={state} set={set} errors={e} />}

      <details class="more">
        <summary>More options</summary>
        <label class="check">
          <input type="checkbox" name="watermark" checked={state.watermark} onChange={(ev) => set({ watermark: ev.currentTarget.checked })} /> Also make a watermarked copy
        </label>
        <Field name="externalTaskId" label="Your id for this task (optional)" errors={e('externalTaskId')}
          hint="Sending the same id again returns the same task instead of starting another.">
          {(p) => <input {...p} type="text" value={state.externalTaskId} onInput={(ev) => set({ externalTaskId: ev.currentTarget.value })} />}
        </Field>
      </details>

      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Starting…' : 'Start video'}
      </button>
    </form>
  );
}

type Part = { state: FormState; set: (patch: Partial<FormState>) => void; errors: (name: string) => string[] | undefined };

/** kling-v3 and kling-v3-omni: the model splits the prompt, or you write each shot. */
function ShotsEditor({ state, set, errors }: Part) {
  const total = state.shots.reduce((sum, s) => sum + s.duration, 0);
  const setShot = (i: number, patch: Partial<FormState['shots'][number]>) =>
    set({ shots: state.shots.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <fieldset class="group" aria-describedby={errors('multiShot.shots') ? `${fieldId('multiShot.shots')}-error` : undefined}>
      <legend>Shots</legend>
      <Field name="multiShot.shotType" label="Cut into shots" errors={errors('multiShot')}>
        {(p) => (
          <select {...p} value={state.multiShot} onChange={(ev) => set({ multiShot: ev.currentTarget.value as ShotType | '' })}>
            <option value="">One shot</option>
            <option value="INTELLIGENCE">Let the model cut it into shots</option>
            <option value="CUSTOMIZE">Write each shot</option>
          </select>
        )}
      </Field>
      {state.multiShot === 'CUSTOMIZE' && (
        <>
          <p class="hint" id="shots-total">
            Shots add up to {total} s of {state.duration} s.
          </p>
          <FieldErrors id={`${fieldId('multiShot.shots')}-error`} errors={errors('multiShot.shots')} />
          <ol class="shots">
            {state.shots.map((shot, i) => (
              <li key={i} class="shot">
                <Field name={`multiShot.shots[${i}].prompt`} label={`Shot ${i + 1} prompt`} errors={errors(`multiShot.shots[${i}].prompt`)}>
                  {(p) => <input {...p} type="text" value={shot.prompt} onInput={(ev) => setShot(i, { prompt: ev.currentTarget.value })} />}
                </Field>
                <Field name={`multiShot.shots[${i}].duration`} label={`Shot ${i + 1} seconds`} errors={errors(`multiShot.shots[${i}].duration`)}>
                  {(p) => (
                    <input {...p} type="number" min={1} max={15} value={shot.duration}
                      onInput={(ev) => setShot(i, { duration: Number(ev.currentTarget.value) || 0 })} />
                  )}
                </Field>
              </li>
            ))}
          </ol>
          <div class="row">
            <button type="button" disabled={state.shots.length >= MAX_SHOTS} onClick={() => set({ shots: [...state.shots, { prompt: '', duration: 1 }] })}>Add shot</button>
            <button type="button" disabled={state.shots.length <= 1} onClick={() => set({ shots: state.shots.slice(0, -1) })}>Remove last shot</button>
          </div>
        </>
      )}
    </fieldset>
  );
}

/** Omni video: reference images (each may be the first or last frame) and one reference video. */
function OmniReferences({ state, set, errors }: Part) {
  const setImage = (i: number, patch: Partial<FormState['omniImages'][number]>) =>
    set({ omniImages: state.omniImages.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <fieldset class="group">
      <legend>References</legend>
      <FieldErrors id={`${fieldId('images')}-error`} errors={errors('images')} />
      {state.omniImages.map((image, i) => (
        <div key={i} class="grid">
          <ImageInput name={`images[${i}].url`} label={`Image ${i + 1} URL`} errors={errors(`images[${i}].url`)} value={image.url}
            onChange={(url) => setImage(i, { url })} />
          <Field name={`images[${i}].frame`} label={`Image ${i + 1} use`} errors={errors(`images[${i}].frame`)}>
            {(p) => (
              <select {...p} value={image.frame} onChange={(ev) => setImage(i, { frame: ev.currentTarget.value as FrameType | '' })}>
                <option value="">Reference</option>
                <option value="FIRST_FRAME">First frame</option>
                <option value="END_FRAME">Last frame</option>
              </select>
            )}
          </Field>
        </div>
      ))}
      <div class="row">
        <button type="button" disabled={state.omniImages.length >= 7} onClick={() => set({ omniImages: [...state.omniImages, { url: '', frame: '' }] })}>Add image</button>
        <button type="button" disabled={!state.omniImages.length} onClick={() => set({ omniImages: state.omniImages.slice(0, -1) })}>Remove last image</button>
      </div>
      <Field name="video.url" label="Reference video URL (optional)" errors={errors('video.url') ?? errors('video')} hint="mp4 or mov, 3 to 10 s (15 s on kling-v3-omni).">
        {(p) => <input {...p} type="url" inputMode="url" value={state.omniVideo.url} onInput={(ev) => set({ omniVideo: { ...state.omniVideo, url: ev.currentTarget.value } })} />}
      </Field>
      {state.omniVideo.url && (
        <Field name="video.referType" label="Use the video to" errors={errors('video.referType')}>
          {(p) => (
            <select {...p} value={state.omniVideo.referType}
              onChange={(ev) => set({ omniVideo: { ...state.omniVideo, referType: ev.currentTarget.value as VideoReferType } })}>
              <option value="BASE">edit it</option>
              <option value="FEATURE">borrow its style and camera work</option>
            </select>
          )}
        </Field>
      )}
    </fieldset>
  );
}
