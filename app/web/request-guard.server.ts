/**
 * What the server refuses before Remix reads a request: methods no page answers, bodies too
 * large to hold, and bodies of a kind no action reads. Remix would otherwise buffer any body in
 * memory (a 50 MB form to /login grew the process by half a gigabyte) or throw a 500 on it.
 */

/** Every form and JSON body fits in this; only the imports take a file. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** The imports' 5 MB file, with room for the multipart envelope and the other fields. */
export const MAX_IMPORT_BODY_BYTES = 5 * 1024 * 1024 + 64 * 1024;

const IMPORT_PATH = /^\/admin\/events\/[^/]+\/(invitees|awards)\/import(\.data)?\/?$/;
const ALLOWED_METHODS = new Set(["GET", "HEAD", "POST"]);
const BODY_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "application/json"]);

export interface Refusal {
  status: 400 | 405 | 411 | 413 | 415;
  message: string;
  headers?: Record<string, string>;
}

export function bodyLimit(path: string): number {
  return IMPORT_PATH.test(path) ? MAX_IMPORT_BODY_BYTES : MAX_BODY_BYTES;
}

export function refuseRequest(method: string, url: string, headers: { contentLength?: string; transferEncoding?: string; contentType?: string }): Refusal | null {
  const path = url.split("?")[0]!;
  // No address of ours holds a NUL, and PostgreSQL cannot compare text with one (a search, a filter).
  if (/%00/.test(url)) {
    return { status: 400, message: "주소에 허용되지 않는 문자(NUL)가 있습니다.\nThe address holds a character that is not allowed (NUL)." };
  }
  if (!ALLOWED_METHODS.has(method)) {
    return { status: 405, message: "이 주소는 GET과 POST만 받습니다.\nOnly GET and POST are accepted here.", headers: { Allow: "GET, HEAD, POST" } };
  }
  const length = headers.contentLength === undefined ? undefined : Number(headers.contentLength);
  // Without a length a body could be any size; browsers and the scanner always send one.
  if (headers.transferEncoding !== undefined && length === undefined) {
    return { status: 411, message: "요청 본문의 길이(Content-Length)가 필요합니다.\nA Content-Length is required." };
  }
  if (length !== undefined && length > bodyLimit(path)) {
    return { status: 413, message: "요청이 너무 큽니다.\nThe request is too large." };
  }
  if (method === "POST" && (length ?? 0) > 0) {
    const type = (headers.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    if (!BODY_TYPES.has(type)) {
      return { status: 415, message: "이 형식의 요청 본문은 받지 않습니다.\nThis kind of request body is not accepted." };
    }
  }
  return null;
}
