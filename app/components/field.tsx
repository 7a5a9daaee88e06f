import { useEffect, useRef } from "react";
import { useT, type MessageKey } from "~/i18n/i18n";
import type { FieldErrors, FormValues } from "~/lib/forms.server";

export interface FormState {
  errors?: FieldErrors;
  values?: FormValues;
}

interface FieldProps {
  name: string;
  label: string;
  state: FormState;
  defaults?: FormValues;
  type?: string;
  required?: boolean;
  hint?: string;
  autoComplete?: string;
  multiline?: boolean;
  inputMode?: "text" | "email" | "tel" | "numeric" | "url";
  placeholder?: string;
  list?: string;
  /** Distinguishes the ids of two forms on one page that share field names. */
  idPrefix?: string;
}

function fieldId(name: string, prefix = "field") {
  return `${prefix}-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

/** A labelled input whose error is announced with it and whose value survives a failed submit. */
export function Field({ name, label, state, defaults, type = "text", required, hint, autoComplete, multiline, inputMode, placeholder, list, idPrefix }: FieldProps) {
  const id = fieldId(name, idPrefix);
  const error = state.errors?.[name];
  const value = state.values?.[name] ?? defaults?.[name] ?? "";
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    required,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    defaultValue: type === "password" ? undefined : value,
    autoComplete,
    placeholder,
  };
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {multiline ? <textarea rows={5} {...common} /> : <input type={type} inputMode={inputMode} list={list} {...common} />}
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

function FieldError({ id, error }: { id: string; error: MessageKey | undefined }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="field__error" id={`${id}-error`} role="alert">
      {t(error)}
    </p>
  );
}

export function SelectField({ name, label, state, defaults, options }: { name: string; label: string; state: FormState; defaults?: FormValues; options: Array<{ value: string; label: string }> }) {
  const id = fieldId(name);
  const error = state.errors?.[name];
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={state.values?.[name] ?? defaults?.[name] ?? options[0]?.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

/** A summary at the top of a failed form, so screen-reader and keyboard users learn at once. */
export function FormErrorSummary({ state, messageKey = "form.hasErrors" }: { state: FormState; messageKey?: MessageKey }) {
  const t = useT();
  const summary = useRef<HTMLDivElement>(null);
  const hasErrors = Boolean(state.errors && Object.keys(state.errors).length > 0);
  // After a client-side submit the page does not reload: bring the summary into view and focus.
  // A page sent without JavaScript (the guest's) gets the same from `autofocus` in the HTML.
  useEffect(() => {
    if (hasErrors) summary.current?.focus();
  }, [hasErrors, state]);
  if (!hasErrors || !state.errors) return null;
  const formError = state.errors.form;
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- after a failed submit focus goes to the error summary on purpose (WCAG 3.3.1)
    <div className="notice notice--error" role="alert" tabIndex={-1} ref={summary} autoFocus>
      {formError ? t(formError) : t(messageKey)}
    </div>
  );
}
