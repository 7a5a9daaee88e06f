import type { Kysely } from "kysely";

// Optional consents on open registration (개인정보 보호법 제22조): the boxes ticked on the form
// wait with the registration until its email link is confirmed, then become the new invitee's
// consents. Kept as given: [{ item_id, version, language, text_sha256 }], the text's hash as shown
// then (the item may change before the link is used). No personal data beyond the row's own.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("registrations").addColumn("optional_consents", "jsonb").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("registrations").dropColumn("optional_consents").execute();
}
