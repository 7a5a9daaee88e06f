import { Form, Link, useParams, useSearchParams } from "@remix-run/react";
import { useT } from "~/i18n/i18n";

/**
 * The foot of the guest's page: the optional consents they have given, each withdrawable here at
 * any time (also after the deadline; the form posts to the my-data page), and the way to see,
 * correct or delete everything held about them.
 */
export function YourData({ consentsHeld }: { consentsHeld: Array<{ itemId: number; title: string; version: number; givenAt: string }> }) {
  const t = useT();
  const token = useParams().token ?? "";
  const withdrawn = Boolean(useSearchParams()[0].get("withdrawn"));
  return (
    <>
      <ConsentsHeld token={token} held={consentsHeld} withdrawn={withdrawn} />
      <p className="my-data-link">
        <Link to={`/i/${token}/my-data`}>{t("myData.link")}</Link>
      </p>
    </>
  );
}

function ConsentsHeld({ token, held: optionalConsentsHeld, withdrawn }: { token: string; held: Array<{ itemId: number; title: string; version: number; givenAt: string }>; withdrawn: boolean }) {
  const t = useT();
  if (optionalConsentsHeld.length === 0 && !withdrawn) return null;
  return (
    <section id="optional-consents" aria-labelledby="optional-consents-title">
      <h2 id="optional-consents-title">{t("optionalConsent.held")}</h2>
      {withdrawn ? (
        <p className="notice notice--success" role="status">
          {t("optionalConsent.withdrawnNotice")}
        </p>
      ) : null}
      {optionalConsentsHeld.length === 0 ? <p className="muted">{t("optionalConsent.noneHeld")}</p> : null}
      <ul className="consent-held">
        {optionalConsentsHeld.map((consent) => (
          <li key={consent.itemId}>
            <Form method="post" action={`/i/${token}/my-data`} className="inline-form">
              <span>{t("optionalConsent.heldItem", { title: consent.title, at: consent.givenAt, version: consent.version })}</span> <input type="hidden" name="itemId" value={consent.itemId} />
              <button type="submit" name="intent" value="withdraw-consent" className="button" aria-label={t("optionalConsent.withdrawItem", { title: consent.title })}>
                {t("optionalConsent.withdraw")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
