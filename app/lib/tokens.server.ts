import crypto from "node:crypto";

/** 256 random bits, URL-safe. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** What the database keeps instead of a token: a lookup by hash needs no constant-time compare. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
