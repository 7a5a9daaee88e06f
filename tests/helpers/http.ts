/** Plain HTTP requests to a running server, the way a browser without JavaScript would send them. */
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case (httponly, secure, samesite, path, max-age...), with their values. */
  attributes: Map<string, string>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair = "", ...rest] = header.split(";");
  const separator = pair.indexOf("=");
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const [name = "", ...value] = part.trim().split("=");
    attributes.set(name.toLowerCase(), value.join("="));
  }
  return { name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim(), attributes };
}

/** The cookies a response sets, by name. */
export function cookiesSet(response: Response): Map<string, SetCookie> {
  return new Map(response.headers.getSetCookie().map((header) => [parseSetCookie(header).name, parseSetCookie(header)]));
}

/** POSTs a urlencoded form without following redirects. */
export function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Accept-Language": "ko", ...headers },
    redirect: "manual",
  });
}

export interface Login {
  response: Response;
  /** "name=value", ready for a Cookie header; undefined when the login failed. */
  cookie: string | undefined;
}

/** Logs in through the login form, sending the server's own Origin as a browser would. */
export async function logIn(baseUrl: string, email: string, password: string): Promise<Login> {
  const response = await postForm(`${baseUrl}/login`, { email, password, redirectTo: "/admin" }, { Origin: baseUrl });
  const session = [...cookiesSet(response).values()].find((cookie) => cookie.name.endsWith("nanum_session"));
  return { response, cookie: session && session.value ? `${session.name}=${session.value}` : undefined };
}

/**
 * GETs a page and returns its status and HTML. Fails on a NUL byte anywhere in the body: a
 * streaming renderer once padded its buffers with them, and a browser turns each into U+FFFD.
 */
export async function getPage(url: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string; response: Response }> {
  const response = await fetch(url, { headers: { "Accept-Language": "ko", ...headers }, redirect: "manual" });
  const body = Buffer.from(await response.arrayBuffer());
  const nul = body.indexOf(0);
  if (nul !== -1) throw new Error(`${url} answered with a NUL byte at offset ${nul} of ${body.length}`);
  return { status: response.status, html: new TextDecoder().decode(body), response };
}

/** Every form field the event form posts, filled with a valid event on `date`. */
export function eventFormFields(overrides: Record<string, string> & { date: string }): Record<string, string> {
  return {
    kind: "agreement_signing",
    titleKo: "",
    titleEn: "",
    descriptionKo: "",
    descriptionEn: "",
    "hosts.0.ko": "나눔시",
    "hosts.0.en": "Nanum City",
    "hosts.1.ko": "",
    "hosts.1.en": "",
    "hosts.2.ko": "",
    "hosts.2.en": "",
    startTime: "10:00",
    endTime: "11:30",
    timeZone: "Asia/Seoul",
    rsvpDeadlineDate: "",
    rsvpDeadlineTime: "",
    capacity: "50",
    venueName: "나눔시청 대회의실",
    venueNameEn: "Nanum City Hall",
    venueAddress: "",
    contactName: "",
    contactPhone: "",
    contactEmail: "",
    visibility: "public",
    slug: "",
    ...overrides,
  };
}

/** A date `days` from now as YYYY-MM-DD (in UTC; a day's slack either way does not matter here). */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it came over the wire (compressed when the server compressed it). */
  wire: Buffer;
  /** The body decoded from its Content-Encoding. */
  body: Buffer;
}

/**
 * A GET through node:http, which adds no Accept-Encoding of its own (fetch always asks for gzip
 * and decodes it unseen): the test says what the client accepts and sees what was sent. A text
 * body with a NUL byte fails, as in getPage.
 */
export function getRaw(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { "Accept-Language": "ko", ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        try {
          const wire = Buffer.concat(chunks);
          const encoding = response.headers["content-encoding"];
          const body = encoding === "gzip" ? gunzipSync(wire) : encoding === "br" ? brotliDecompressSync(wire) : wire;
          const nul = body.indexOf(0);
          if (/^(text\/|application\/json)/.test(response.headers["content-type"] ?? "") && nul !== -1) {
            throw new Error(`${url} answered with a NUL byte at offset ${nul} of ${body.length}`);
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, wire, body });
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on("error", reject);
  });
}
