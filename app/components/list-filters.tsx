import { answerLabelKey, RSVP_RESPONSES } from "~/domain/rsvp/rsvp-response";
import { useT } from "~/i18n/i18n";

/*
 * The fields the invitee and attendee lists filter by, shared so both lists name them alike.
 * They go inside a GET form: the list's address says what is shown.
 */

export function SearchFilter({ defaultValue, placeholder }: { defaultValue: string; placeholder: string }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor="filter-q">{t("invitee.search")}</label>
      <input id="filter-q" name="q" type="search" defaultValue={defaultValue} placeholder={placeholder} />
    </div>
  );
}

/** "*" is every group, "" those without one. */
export function GroupFilter({ groups, defaultValue }: { groups: Array<{ name: string }>; defaultValue: string }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor="filter-group">{t("invitee.filterGroup")}</label>
      <select id="filter-group" name="group" defaultValue={defaultValue}>
        <option value="*">{t("invitee.allGroups")}</option>
        {groups.map((group) => (
          <option key={group.name} value={group.name}>
            {group.name || t("invitee.noGroup")}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ResponseFilter({ defaultValue }: { defaultValue: string }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor="filter-response">{t("attendees.filterResponse")}</label>
      <select id="filter-response" name="response" defaultValue={defaultValue}>
        <option value="">{t("attendees.allResponses")}</option>
        {RSVP_RESPONSES.map((response) => (
          <option key={response} value={response}>
            {t(answerLabelKey[response])}
          </option>
        ))}
      </select>
    </div>
  );
}
