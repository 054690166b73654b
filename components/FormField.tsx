import type { ComponentChildren } from 'preact';

interface FieldProps {
  /** The field's name in the settings; also its element id and test id. */
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

/** A labelled field with its hint and, when the value is refused, the reason right beside it. */
function Field({
  name,
  label,
  hint,
  error,
  children,
}: FieldProps & { children: ComponentChildren }) {
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={name}>{label}</label>
      {children}
      {hint && (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${name}-error`} role="alert" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = (name: string, hint?: string, error?: string) =>
  [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ') || undefined;

/** A one-line text input. */
export function TextField(
  props: FieldProps & {
    value: string;
    onInput(value: string): void;
    type?: 'text' | 'email' | 'tel';
    inputMode?: 'numeric' | 'text';
  },
) {
  const { name, value, onInput, type = 'text', inputMode, hint, error } = props;
  return (
    <Field {...props}>
      <input
        id={name}
        name={name}
        // One literal keeps preact's input typing from demanding `list` for the union.
        type={type as 'text'}
        inputMode={inputMode}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </Field>
  );
}

/** Several lines, one entry each. */
export function LinesField(props: FieldProps & { value: string; onInput(value: string): void }) {
  const { name, value, onInput, hint, error } = props;
  return (
    <Field {...props}>
      <textarea
        id={name}
        name={name}
        rows={4}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </Field>
  );
}

/** A choice among a few named options. */
export function SelectField<T extends string>(
  props: FieldProps & {
    value: T;
    options: readonly (readonly [T, string])[];
    onChange(value: T): void;
  },
) {
  const { name, value, options, onChange, hint, error } = props;
  return (
    <Field {...props}>
      <select
        id={name}
        name={name}
        value={value}
        aria-describedby={describedBy(name, hint, error)}
        onChange={(e) => onChange(e.currentTarget.value as T)}
      >
        {options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A yes/no setting, label after the box. */
export function CheckboxField(props: {
  name: string;
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  return (
    <div class="field field-checkbox">
      <input
        id={props.name}
        name={props.name}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={props.name}>{props.label}</label>
    </div>
  );
}
