import { z } from "zod";
import { isMessageKey, type MessageKey } from "../i18n/i18n";
import { MAX_ID } from "./ids";

export type FieldErrors = Record<string, MessageKey>;
export type FormValues = Record<string, string>;

export type FormResult<T> = { success: true; data: T } | { success: false; errors: FieldErrors; values: FormValues };

/** What the user typed, so a form that failed validation re-renders filled in (passwords excepted). */
export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const [name, value] of formData) {
    if (typeof value === "string" && !/password/i.test(name)) values[name] = value;
  }
  return values;
}

/**
 * Validates a submitted form. Schema messages are catalogue keys, so errors are shown
 * in the reader's language; anything else becomes a generic "invalid".
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.output<S>> {
  // A name sent once is a string; sent more than once (ticked boxes), all its values in order.
  const raw: Record<string, string | string[]> = {};
  for (const name of new Set(formData.keys())) {
    const values = formData.getAll(name).filter((value): value is string => typeof value === "string");
    if (values.length > 0) raw[name] = values.length === 1 ? values[0]! : values;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { success: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.join(".") || "form";
    if (!errors[field]) errors[field] = isMessageKey(issue.message) ? issue.message : "error.invalid";
  }
  return { success: false, errors, values: formValues(formData) };
}

/** A name a form may send any number of times (ticked boxes): always a list, at most `max` long. */
export function repeated<T extends z.ZodType>(item: T, max = 10_000) {
  return z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item).max(max));
}

/** A failure found after validation (e.g. a taken slug), in the same shape. */
export function fieldFailure(formData: FormData, errors: FieldErrors): { success: false; errors: FieldErrors; values: FormValues } {
  return { success: false, errors, values: formValues(formData) };
}

// Right-to-left overrides and their kin can make a name read backwards in an email's Subject or
// To; nobody types them on purpose, so they are dropped from what is saved.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
export const withoutBidiControls = (value: string) => value.replace(BIDI_CONTROLS, "");

/** Free text as saved: no NUL (PostgreSQL cannot store it), no bidirectional controls, trimmed. */
export const text = (max = 500) =>
  z
    .string()
    .refine((value) => !value.includes("\0"), "error.nul")
    .overwrite(withoutBidiControls)
    .trim()
    .max(max, "error.tooLong");
export const requiredText = (max = 500) => text(max).min(1, "error.required");
export const emailField = z.string().trim().min(1, "error.required").max(254, "error.tooLong").pipe(z.email("error.email"));
export const optionalEmail = z
  .string()
  .trim()
  .max(254, "error.tooLong")
  .refine((value) => value === "" || z.email().safeParse(value).success, "error.email");
export const newPasswordField = z.string().min(10, "error.passwordShort").max(200, "error.tooLong");

/** A database id typed into a form (a hidden field, a select): 1 to MAX_ID, else a field error. */
export const idField = z.coerce.number().int("error.invalid").positive("error.invalid").max(MAX_ID, "error.invalid");

/** A row's id from a form: one no row can have (malformed, past PostgreSQL's integers) is null, to be treated as not found. */
export const rowIdField = idField.nullable().catch(null);
/** A database id in a JSON body: a number, 1 to MAX_ID. */
export const jsonId = z.number().int().positive().max(MAX_ID);
