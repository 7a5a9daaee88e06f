import { Field, SelectField, type FormState } from "~/components/field";
import { useT } from "~/i18n/i18n";
import type { FormValues } from "~/lib/forms.server";

/** The invitee's fields, shared by "add" and "edit". */
export function InviteeFields({ state, defaults, groups }: { state: FormState; defaults?: FormValues; groups: string[] }) {
  const t = useT();
  const common = { state, defaults };
  const vipChecked = (state.values ?? defaults ?? {}).isVip === "on";
  return (
    <>
      <div className="field-row">
        <Field name="name" label={t("invitee.name")} required autoComplete="off" {...common} />
        <Field name="email" type="email" inputMode="email" label={t("invitee.email")} hint={t("invitee.emailHint")} {...common} />
      </div>
      <div className="field-row">
        <Field name="organization" label={t("invitee.organization")} {...common} />
        <Field name="position" label={t("invitee.position")} {...common} />
      </div>
      <div className="field-row">
        <Field name="phone" type="tel" inputMode="tel" label={t("invitee.phone")} {...common} />
        <Field name="groupName" label={t("invitee.group")} hint={t("invitee.groupHint")} list="invitee-groups" {...common} />
      </div>
      <datalist id="invitee-groups">
        {groups.map((group) => (
          <option key={group} value={group} />
        ))}
      </datalist>
      <div className="field-row">
        <SelectField
          name="language"
          label={t("invitee.language")}
          {...common}
          options={[
            { value: "ko", label: "한국어" },
            { value: "en", label: "English" },
          ]}
        />
        <div className="field field--check">
          <input type="checkbox" id="field-isVip" name="isVip" defaultChecked={vipChecked} />
          <label htmlFor="field-isVip">{t("invitee.vip")}</label>
        </div>
      </div>
      <Field name="notes" label={t("invitee.notes")} multiline {...common} />
    </>
  );
}
