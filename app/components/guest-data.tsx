import type { RsvpStatus, TicketStatus } from "../../db/schema";
import { useT, type MessageKey } from "~/i18n/i18n";

/** What the guest's own data page lists, as its loader formats it (times already in the event's zone). */
export interface GuestDataViewProps {
  invitee: {
    name: string;
    email: string | null;
    phone: string;
    organization: string;
    position: string;
    group_name: string;
    language: "ko" | "en";
    is_vip: boolean;
    notes: string;
    created_at: string;
    updated_at: string;
  };
  rsvp: {
    status: RsvpStatus;
    companions: number;
    proxy_name: string;
    proxy_position: string;
    consent_at: string;
    consent_text: string | null;
    responded_at: string;
    answers: Array<{ question: string; answer: string }>;
  } | null;
  consents: Array<{ title: string; version: number; language: string; hash: string; given: string; withdrawn: string }>;
  tickets: Array<{ code: string; version: number; status: TicketStatus; issued_at: string }>;
  checkins: Array<{ checked_in_at: string; entrance: string; undone_at: string }>;
  registrations: Array<{ name: string; email: string; phone: string; organization: string; created_at: string; confirmed_at: string }>;
  emails: Array<{ to_address: string; subject: string; status: string; created_at: string; finished_at: string }>;
  awards: Array<{ category: string; name: string; organization: string; grade: string }>;
  surveyAnswers: Array<{ question: string; answer: string }>;
}

const STATUS_LABEL: Record<RsvpStatus, MessageKey> = {
  attending: "myData.status.attending",
  declined: "myData.status.declined",
  waitlisted: "myData.status.waitlisted",
  offered: "myData.status.offered",
};
const TICKET_LABEL: Record<TicketStatus, MessageKey> = { active: "myData.ticket.active", cancelled: "myData.ticket.cancelled" };

function Facts({ rows }: { rows: Array<[MessageKey, string | number | null | undefined]> }) {
  const t = useT();
  return (
    <dl className="my-facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{t(label)}</dt>
          <dd>{value === null || value === undefined || value === "" ? "—" : value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Table({ caption, head, rows }: { caption: string; head: MessageKey[]; rows: Array<Array<string | number>> }) {
  const t = useT();
  if (rows.length === 0) return <p className="muted">{t("myData.none")}</p>;
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((key) => (
              <th scope="col" key={key}>
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell === "" ? "—" : cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Everything held about the guest, table by table (열람). */
export function GuestDataView({ report }: { report: GuestDataViewProps }) {
  const { invitee, rsvp, consents, tickets, checkins, registrations, emails, awards, surveyAnswers } = report;
  const t = useT();
  const yes = (value: boolean) => t(value ? "myData.yes" : "myData.no");
  return (
    <>
      <h2>{t("myData.details")}</h2>
      <Facts
        rows={[
          ["invitee.name", invitee.name],
          ["invitee.email", invitee.email],
          ["invitee.phone", invitee.phone],
          ["invitee.organization", invitee.organization],
          ["invitee.position", invitee.position],
          ["invitee.group", invitee.group_name],
          ["myData.language", t(invitee.language === "ko" ? "optionalConsent.korean" : "optionalConsent.english")],
          ["myData.vip", yes(invitee.is_vip)],
          ["myData.notes", invitee.notes],
          ["myData.added", invitee.created_at],
          ["myData.updated", invitee.updated_at],
        ]}
      />

      <h2>{t("myData.reply")}</h2>
      {rsvp ? (
        <>
          <Facts
            rows={[
              ["myData.status", t(STATUS_LABEL[rsvp.status])],
              ["myData.companions", rsvp.companions],
              ["myData.proxy", [rsvp.proxy_name, rsvp.proxy_position].filter(Boolean).join(" · ")],
              ["myData.respondedAt", rsvp.responded_at],
              ["myData.consentAt", rsvp.consent_at],
            ]}
          />
          <Table caption={t("myData.answers")} head={["myData.question", "myData.answer"]} rows={rsvp.answers.map((a) => [a.question, a.answer])} />
          {rsvp.consent_text ? (
            <details>
              <summary>{t("myData.consentText")}</summary>
              <p className="consent__text">{rsvp.consent_text}</p>
            </details>
          ) : null}
        </>
      ) : (
        <p className="muted">{t("myData.none")}</p>
      )}

      <h2>{t("optionalConsent.title")}</h2>
      <Table
        caption={t("optionalConsent.title")}
        head={["myData.item", "myData.version", "myData.language", "myData.hash", "myData.given", "myData.withdrawn"]}
        rows={consents.map((c) => [c.title, c.version, c.language, c.hash, c.given, c.withdrawn])}
      />

      <h2>{t("myData.tickets")}</h2>
      <Table
        caption={t("myData.tickets")}
        head={["myData.code", "myData.version", "myData.status", "myData.issuedAt"]}
        rows={tickets.map((x) => [x.code, x.version, t(TICKET_LABEL[x.status]), x.issued_at])}
      />

      <h2>{t("myData.checkins")}</h2>
      <Table caption={t("myData.checkins")} head={["myData.checkedInAt", "myData.entrance", "myData.undoneAt"]} rows={checkins.map((c) => [c.checked_in_at, c.entrance, c.undone_at])} />

      {registrations.length > 0 ? (
        <>
          <h2>{t("myData.registrations")}</h2>
          <Table
            caption={t("myData.registrations")}
            head={["invitee.name", "invitee.email", "invitee.phone", "invitee.organization", "myData.added", "myData.confirmedAt"]}
            rows={registrations.map((r) => [r.name, r.email, r.phone, r.organization, r.created_at, r.confirmed_at])}
          />
        </>
      ) : null}

      <h2>{t("myData.emails")}</h2>
      <Table
        caption={t("myData.emails")}
        head={["myData.sentAt", "myData.to", "myData.subject", "myData.status"]}
        rows={emails.map((e) => [e.finished_at || e.created_at, e.to_address, e.subject, e.status])}
      />

      {awards.length > 0 ? (
        <>
          <h2>{t("myData.awards")}</h2>
          <Table
            caption={t("myData.awards")}
            head={["myData.category", "invitee.name", "invitee.organization", "myData.grade"]}
            rows={awards.map((a) => [a.category, a.name, a.organization, a.grade])}
          />
        </>
      ) : null}

      {surveyAnswers.length > 0 ? (
        <>
          <h2>{t("survey.myData.title")}</h2>
          <Table caption={t("survey.myData.title")} head={["survey.myData.question", "survey.myData.answer"]} rows={surveyAnswers.map((a) => [a.question, a.answer])} />
        </>
      ) : null}
    </>
  );
}
