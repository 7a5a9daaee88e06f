import type { FormState } from "~/components/field";
import type { FormValues } from "~/lib/forms.server";
import { useT, type MessageKey } from "~/i18n/i18n";

const KINDS: Array<{ value: string; label: MessageKey }> = [
  { value: "text", label: "rsvpSettings.kind.text" },
  { value: "choice", label: "rsvpSettings.kind.choice" },
  { value: "yesno", label: "rsvpSettings.kind.yesno" },
];

/**
 * The fields of one question. Several question forms share a page, so ids carry a prefix while
 * the names stay plain (each form posts its own question).
 */
export function QuestionFields({ prefix, state, defaults }: { prefix: string; state: FormState; defaults: FormValues }) {
  const t = useT();
  const value = (name: string) => state.values?.[name] ?? defaults[name] ?? "";
  const required = state.values ? state.values.required === "on" : defaults.required === "on";
  const field = (name: string, label: string, control: (common: Record<string, unknown>) => JSX.Element, hint?: string) => {
    const id = `${prefix}-${name}`;
    const error = state.errors?.[name];
    const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
    return (
      <div className={error ? "field field--error" : "field"}>
        <label htmlFor={id}>{label}</label>
        {control({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
        {hint ? (
          <p className="field__hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <p className="field__error" id={`${id}-error`} role="alert">
            {t(error)}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <>
      {field("kind", t("rsvpSettings.kind"), (common) => (
        <select {...common} defaultValue={value("kind") || "text"}>
          {KINDS.map((kind) => (
            <option key={kind.value} value={kind.value}>
              {t(kind.label)}
            </option>
          ))}
        </select>
      ))}
      <div className="field-row">
        {field("labelKo", t("rsvpSettings.labelKo"), (common) => (
          <input type="text" {...common} defaultValue={value("labelKo")} />
        ))}
        {field("labelEn", t("rsvpSettings.labelEn"), (common) => (
          <input type="text" {...common} defaultValue={value("labelEn")} />
        ))}
      </div>
      <div className="field-row">
        {field(
          "optionsKo",
          t("rsvpSettings.optionsKo"),
          (common) => (
            <textarea rows={4} {...common} defaultValue={value("optionsKo")} />
          ),
          t("rsvpSettings.optionsHint"),
        )}
        {field(
          "optionsEn",
          t("rsvpSettings.optionsEn"),
          (common) => (
            <textarea rows={4} {...common} defaultValue={value("optionsEn")} />
          ),
          t("rsvpSettings.optionsHint"),
        )}
      </div>
      <div className="field field--check">
        <input type="checkbox" id={`${prefix}-required`} name="required" defaultChecked={required} />
        <label htmlFor={`${prefix}-required`}>{t("rsvpSettings.required")}</label>
      </div>
    </>
  );
}
