/**
 * The floor the app's check-in is compared with (bench/checkin.ts --floor): a bare `node:http`
 * server that does only what a scan cannot do without, on the same PostgreSQL server, with a
 * pool as large as the app's (10). For `POST /checkin/<slug>/scan` with the app's JSON body it
 * reads the ticket payload in the app's format (app/domain/rsvp/ticket-payload.ts: 11 bytes of facts and
 * an Ed25519 signature over "nanum-ticket:" + facts, base64url), verifies the signature with the
 * event's public key (node:crypto, as the app does), and runs one
 * `INSERT … ON CONFLICT DO NOTHING` into its own table, answering {"result":"welcome"} when the
 * row went in and {"result":"already"} when it was there. No session, no ticket lookup, no
 * framework: whatever the app spends beyond this is the app's.
 *
 * Environment: DATABASE_URL, PORT, EVENT_ID (the event whose key signs the tickets).
 * Prints "ready" on stdout once it listens; SIGTERM closes it.
 */
import crypto from "node:crypto";
import http from "node:http";
import pg from "pg";

const PAYLOAD_LENGTH = 100;
const FACTS_LENGTH = 11;
const SIGNATURE_LENGTH = 64;
const TICKET_FORMAT = 1;
const SIGNING_CONTEXT = Buffer.from("nanum-ticket:");
const MAX_BODY_BYTES = 1024 * 1024;

const eventId = Number(process.env.EVENT_ID);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(`create table if not exists floor_checkins (
  ticket_id int primary key,
  event_id int not null,
  entrance text not null,
  checked_in_at timestamptz not null default now()
)`);
const { rows } = await pool.query("select public_key from event_signing_keys where event_id = $1", [eventId]);
if (rows.length !== 1) throw new Error(`no signing key for event ${eventId}`);
const publicKey = crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: rows[0].public_key }, format: "jwk" });

/** The ticket id of a genuine payload of this event, or null. */
function verifiedTicketId(payload) {
  if (typeof payload !== "string" || payload.length !== PAYLOAD_LENGTH || !/^[A-Za-z0-9_-]+$/.test(payload)) return null;
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.length !== FACTS_LENGTH + SIGNATURE_LENGTH || bytes[0] !== TICKET_FORMAT) return null;
  if (bytes.readUInt32BE(1) !== eventId) return null;
  const facts = bytes.subarray(0, FACTS_LENGTH);
  const signed = crypto.verify(null, Buffer.concat([SIGNING_CONTEXT, facts]), publicKey, bytes.subarray(FACTS_LENGTH));
  return signed ? bytes.readUInt32BE(5) : null;
}

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
  res.end(text);
}

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || !/^\/checkin\/[^/]+\/scan$/.test(req.url ?? "")) return answer(res, 404, { result: "not-found" });
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) req.destroy();
    else chunks.push(chunk);
  });
  req.on("end", async () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return answer(res, 400, { result: "bad-request" });
    }
    const ticketId = verifiedTicketId(body?.payload);
    if (ticketId === null) return answer(res, 200, { result: "invalid" });
    try {
      const inserted = await pool.query("insert into floor_checkins (ticket_id, event_id, entrance) values ($1, $2, $3) on conflict do nothing", [
        ticketId,
        eventId,
        typeof body.entrance === "string" ? body.entrance.slice(0, 60) : "",
      ]);
      answer(res, 200, { result: inserted.rowCount === 1 ? "welcome" : "already" });
    } catch (error) {
      console.error("floor: insert failed:", error.message);
      answer(res, 500, { result: "error" });
    }
  });
});

server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeIdleConnections();
});
