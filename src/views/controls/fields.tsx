/**
 * Small labelled inputs shared by the controls. Every one validates at the edge (DESIGN.md "Rules
 * for bad input"): a number that does not parse is rejected with a message and nothing changes; one
 * out of range is clamped, the clamped value is applied and shown, and a message says so.
 */
import { useId, useState, type ChangeEvent, type KeyboardEvent, type ReactNode } from 'react';
import { inputNumber, parseDecimal } from '../../model/format';

/** Visible cue beside a setting that restarts the run (DESIGN.md "Hyperparameters"). */
export function RestartCue({ id }: { id?: string }) {
  return (
    <span className="restart-cue" id={id}>
      <span aria-hidden="true">↻ </span>restarts training
    </span>
  );
}

export type ValidationResult =
  { ok: true; value: number; message: string | null } | { ok: false; message: string };

/** Checks a typed number against a range; the message names the input and what was done. */
export function validateNumber(
  text: string,
  range: { min: number; max: number; integer?: boolean },
  current: number,
  describeMax?: (max: number) => string,
): ValidationResult {
  const parsed = parseDecimal(text);
  const shown = text.trim().length > 24 ? `${text.trim().slice(0, 24)}…` : text.trim();
  if (parsed === null) {
    return {
      ok: false,
      message:
        shown === ''
          ? `Enter a number; kept ${inputNumber(current)}.`
          : `"${shown}" is not a number; kept ${inputNumber(current)}.`,
    };
  }
  let value = range.integer ? Math.round(parsed) : parsed;
  let message: string | null = null;
  if (value < range.min) {
    value = range.min;
    message = `${shown} is below the minimum ${inputNumber(range.min)}; using ${inputNumber(value)}.`;
  } else if (value > range.max) {
    value = range.max;
    const what = describeMax ? describeMax(range.max) : inputNumber(range.max);
    message = `${shown} is above the maximum ${what}; using ${inputNumber(value)}.`;
  } else if (range.integer && value !== parsed) {
    message = `${shown} is not a whole number; using ${inputNumber(value)}.`;
  }
  return { ok: true, value, message };
}

export interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  integer?: boolean;
  /** Called with the validated (clamped) value when the user commits (Enter or leaving the field). */
  onCommit(value: number): void;
  /** Shown below the field (e.g. the allowed range). */
  hint?: ReactNode;
  restarts?: boolean;
  /** Words for the maximum in messages ("250 (full batch)"). */
  describeMax?: (max: number) => string;
  /** Extra content after the input (a unit, a slider). */
  children?: ReactNode;
  className?: string;
}

/**
 * A free-text number field (type="text" with a decimal keyboard, so "abc" reaches the validator
 * instead of being silently dropped by the browser). Applies on Enter or blur; Escape reverts.
 */
export function NumberField(props: NumberFieldProps) {
  const { label, value, min, max, integer, onCommit, hint, restarts, describeMax, children, className } =
    props;
  const id = useId();
  const [draft, setDraft] = useState(() => inputNumber(value));
  const [shownValue, setShownValue] = useState(value);
  const [message, setMessage] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  // The value changed elsewhere (a preset, the slider, the URL): show it.
  if (!Object.is(shownValue, value)) {
    setShownValue(value);
    setDraft(inputNumber(value));
  }

  const commit = (): void => {
    if (draft === inputNumber(value)) {
      setInvalid(false);
      return;
    }
    const result = validateNumber(draft, { min, max, integer }, value, describeMax);
    if (!result.ok) {
      setMessage(result.message);
      setInvalid(true);
      setDraft(inputNumber(value));
      return;
    }
    setMessage(result.message);
    setInvalid(result.message !== null);
    setDraft(inputNumber(result.value));
    if (!Object.is(result.value, value)) onCommit(result.value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      setDraft(inputNumber(value));
      setMessage(null);
      setInvalid(false);
    }
  };

  const describedBy = [
    message ? `${id}-message` : null,
    hint ? `${id}-hint` : null,
    restarts ? `${id}-restart` : null,
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <div className="field-head">
        <label htmlFor={id}>{label}</label>
        {restarts && <RestartCue id={`${id}-restart`} />}
      </div>
      <div className="field-body">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e: ChangeEvent<HTMLInputElement>) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={onKeyDown}
        />
        {children}
      </div>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <p className="field-message" id={`${id}-message`} aria-live="polite">
        {message}
      </p>
    </div>
  );
}

export interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
  restarts?: boolean;
  hint?: ReactNode;
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  restarts,
  hint,
}: SelectFieldProps<T>) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, restarts ? `${id}-restart` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={id}>{label}</label>
        {restarts && <RestartCue id={`${id}-restart`} />}
      </div>
      <select
        id={id}
        value={value}
        aria-describedby={describedBy || undefined}
        onChange={(e) => {
          const next = options.find((o) => o.value === e.target.value);
          if (next && next.value !== value) onChange(next.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
