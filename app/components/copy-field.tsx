import { useEffect, useState } from "react";
import { useT } from "~/i18n/i18n";

/**
 * A read-only field to select and copy by hand (works without JavaScript), with a
 * "Copy" button once scripts run, for pasting a link into KakaoTalk or a text message.
 */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const t = useT();
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  return (
    <div className="copy-row">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} className="copy-field" readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
      {canCopy ? (
        <button
          type="button"
          className="button"
          onClick={() => {
            void navigator.clipboard.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? t("copy.done") : t("copy.copy")}
        </button>
      ) : null}
      <span role="status" className="visually-hidden">
        {copied ? t("copy.done") : ""}
      </span>
    </div>
  );
}
