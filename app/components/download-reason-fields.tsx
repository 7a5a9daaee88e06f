import { DOWNLOAD_REASONS, REASON_TEXT_MAX } from "~/domain/access-records/download-reasons";
import { messageKey, useT, type MessageKey } from "~/i18n/i18n";

const reasonLabel: Record<(typeof DOWNLOAD_REASONS)[number], MessageKey> = {
  "event-operations": messageKey("download.reason.event-operations"),
  reception: messageKey("download.reason.reception"),
  "results-report": messageKey("download.reason.results-report"),
  mailing: messageKey("download.reason.mailing"),
  other: messageKey("download.reason.other"),
};

/**
 * The download reason's fields (다운로드 사유), inside a form that sends them with the download:
 * one of the listed reasons, and words of one's own. `invalid` ties them to the page's
 * `#reason-error` notice after a download came back without a reason.
 */
export function DownloadReasonFields({ invalid }: { invalid: boolean }) {
  const t = useT();
  return (
    <fieldset aria-describedby={invalid ? "reason-error" : undefined}>
      <legend>{t("download.reasonLegend")}</legend>
      {DOWNLOAD_REASONS.map((reason, i) => (
        <div className="field field--check" key={reason}>
          <input type="radio" id={`reason-${reason}`} name="reason" value={reason} required defaultChecked={i === 0} />
          <label htmlFor={`reason-${reason}`}>{t(reasonLabel[reason])}</label>
        </div>
      ))}
      <div className="field">
        <label htmlFor="reason-text">{t("download.reasonText")}</label>
        <input type="text" id="reason-text" name="reason-text" maxLength={REASON_TEXT_MAX} aria-describedby="reason-text-hint" />
        <p className="field__hint" id="reason-text-hint">
          {t("download.reasonTextHint")}
        </p>
      </div>
    </fieldset>
  );
}
