import type { ComponentChildren } from 'preact';

export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/** `multiShot.shots[1].prompt` -> an id safe in selectors and `aria-describedby`. */
export const fieldId = (name: string): string => `f-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/**
 * A labelled control with its hint and the server's messages for its field, wired for screen readers
 * (`aria-invalid`, `aria-describedby`).
 */
export function Field(props: {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: (control: ControlProps) => ComponentChildren;
}) {
  const id = fieldId(props.name);
  const described = [props.hint ? `${id}-hint` : '', props.errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  const control: ControlProps = { id, name: props.name };
  if (props.errors?.length) control['aria-invalid'] = true;
  if (described) control['aria-describedby'] = described;
  return (
    <div class={props.errors?.length ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.children(control)}
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <FieldErrors id={`${id}-error`} errors={props.errors} />
    </div>
  );
}

export function FieldErrors(props: { id: string; errors?: string[] }) {
  if (!props.errors?.length) return null;
  return (
    <p class="error" id={props.id} data-field-error>
      {props.errors.join(' ')}
    </p>
  );
}
