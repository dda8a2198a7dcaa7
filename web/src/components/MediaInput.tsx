import { useState } from 'preact/hooks';
import { Field } from './Field.js';

/** Kling takes jpg and png images up to 10 MB, as a URL or as Base64 without a `data:` prefix. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES = ['image/jpeg', 'image/png'];

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * An image given as a URL, or picked from the device and sent inline as Base64. The value is what
 * the input field takes either way.
 */
export function ImageInput(props: { name: string; label: string; value: string; onChange: (value: string) => void; errors?: string[]; hint?: string }) {
  const [picked, setPicked] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Set by picking a file, not guessed from the value: a URL being typed is not a URL yet.
  const inline = picked !== null && props.value !== '';
  const errors = [...(problem ? [problem] : []), ...(props.errors ?? [])];
  return (
    <Field name={props.name} label={props.label} errors={errors} hint={props.hint}>
      {(control) => (
        <div class="media-input">
          {inline ? (
            <p class="picked" id={control.id} tabIndex={-1}>
              {picked} ({Math.round((props.value.length * 3) / 4 / 1024)} KB)
            </p>
          ) : (
            <input {...control} type="url" inputMode="url" placeholder="https://…" value={props.value} onInput={(ev) => props.onChange(ev.currentTarget.value)} />
          )}
          <div class="row">
            <label class="file-button">
              {inline ? 'Choose another file' : 'Or choose a file'}
              <input
                type="file"
                accept={IMAGE_TYPES.join(',')}
                onChange={async (ev) => {
                  const file = ev.currentTarget.files?.[0];
                  ev.currentTarget.value = '';
                  if (!file) return;
                  if (!IMAGE_TYPES.includes(file.type)) return setProblem('Choose a JPEG or PNG image.');
                  if (file.size > MAX_IMAGE_BYTES) return setProblem('Images are limited to 10 MB.');
                  setProblem(null);
                  setPicked(file.name);
                  props.onChange(await readBase64(file));
                }}
              />
            </label>
            {inline && (
              <button type="button" onClick={() => { setPicked(null); props.onChange(''); }}>
                Use a URL instead
              </button>
            )}
          </div>
        </div>
      )}
    </Field>
  );
}
