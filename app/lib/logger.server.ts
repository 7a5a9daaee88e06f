/**
 * The process's log: pino, one JSON object per line on stdout, or (LOG_FORMAT=pretty) the same
 * objects as one readable line each, for a developer's terminal. Nothing personal goes in: error
 * messages and stacks pass through `scrubPersonalData`, and callers log ids and counts, never
 * names, addresses or links.
 */
import { format } from "node:util";
import pino, { type DestinationStream, type Logger } from "pino";
import { z } from "zod";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** LOG_LEVEL and LOG_FORMAT, as env.server.ts checks them with the rest of the configuration. */
export const logSettingsSchema = z.object({
  LOG_LEVEL: z.preprocess((value) => (typeof value === "string" ? value.trim().toLowerCase() || undefined : value), z.enum(LOG_LEVELS).default("info")),
  LOG_FORMAT: z.preprocess((value) => (typeof value === "string" ? value.trim().toLowerCase() || undefined : value), z.enum(["json", "pretty"]).default("json")),
});

export interface LogSettings {
  level: (typeof LOG_LEVELS)[number];
  format: "json" | "pretty";
}

/**
 * The settings in `env`. A value that does not parse falls back to its default here: the log must
 * exist to say so, and loadConfig then stops the start naming the variable.
 */
export function logSettingsFrom(env: Record<string, string | undefined>): LogSettings {
  const level = logSettingsSchema.shape.LOG_LEVEL.safeParse(env.LOG_LEVEL);
  const format = logSettingsSchema.shape.LOG_FORMAT.safeParse(env.LOG_FORMAT);
  return { level: level.success ? level.data : "info", format: format.success ? format.data : "json" };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** Korean numbers as people write them: 010-1234-5678, 02 123 4567, +82 10 1234 5678, 01012345678. */
const PHONE = /(?:\+82[-.\s]?|\b0)\d{1,2}[-.\s)]?\d{3,4}[-.\s]?\d{4}\b/g;
/**
 * Random keys (personal links, reset links, door pairings) are long runs of base64url with two
 * kinds of character at least (a key of 32 characters lacks a digit once in 250, so all three are
 * not required); words and file names have one, and slugs (lowercase words and numbers joined by
 * hyphens) are left alone.
 */
const TOKEN_RUN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function looksLikeKey(run: string): boolean {
  return Number(/[A-Z]/.test(run)) + Number(/[a-z]/.test(run)) + Number(/\d/.test(run)) >= 2 && !SLUG.test(run);
}

/**
 * Free text (an error's message, a mail server's reply, a PostgreSQL error's detail) with email
 * addresses, phone numbers and token-like strings replaced: such text may quote the data it
 * failed on ("Key (email)=(kim@example.org) already exists").
 */
export function scrubPersonalData(text: string): string {
  return text
    .replace(EMAIL, "[email]")
    .replace(PHONE, "[phone]")
    .replace(TOKEN_RUN, (run) => (looksLikeKey(run) ? "[redacted]" : run));
}

interface LoggedError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  cause?: LoggedError;
}

/** pino's `err` field: the error's kind, code, message and stack, scrubbed; its other properties (a query's parameters) are left out. */
export function serializeError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubPersonalData(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.constructor?.name ?? "Error",
    message: scrubPersonalData(error.message),
    ...(error.stack ? { stack: scrubPersonalData(error.stack) } : {}),
    ...(typeof code === "string" || typeof code === "number" ? { code: String(code) } : {}),
    ...(error.cause !== undefined && depth < 3 ? { cause: serializeError(error.cause, depth + 1) } : {}),
  };
}

const LEVEL_NAMES: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
/** Fields the pretty line shows in its own places, not as key=value. */
const PLACED = new Set(["level", "time", "msg", "pid", "hostname", "err", "method", "path", "status", "durationMs"]);

/** One log object as a line a person reads: time, level, message, the rest as key=value; a stack below. */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry.time === "string" ? entry.time.slice(11, 23) : "";
  const level = (typeof entry.level === "number" ? LEVEL_NAMES[entry.level] : String(entry.level ?? "").toUpperCase()) ?? "";
  const parts = [time, level.padEnd(5), String(entry.msg ?? "")];
  if (entry.method !== undefined) parts.push(`${String(entry.method)} ${String(entry.path ?? "")} → ${String(entry.status ?? "")} in ${String(entry.durationMs ?? "")} ms`);
  for (const [key, value] of Object.entries(entry)) {
    if (!PLACED.has(key)) parts.push(`${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  }
  const error = entry.err as LoggedError | undefined;
  const below = error ? `\n    ${(error.stack ?? `${error.type}: ${error.message}`).replace(/\n/g, "\n    ")}` : "";
  return `${parts.filter(Boolean).join(" ")}${below}\n`;
}

/** Writes each log object to `out` as prettyLine formats it. */
export function prettyStream(out: { write(text: string): unknown } = process.stdout): DestinationStream {
  return { write: (line: string) => void out.write(prettyLine(line)) };
}

export function createLogger(settings: LogSettings, destination?: DestinationStream): Logger {
  return pino(
    {
      level: settings.level,
      // Level names rather than numbers, and ISO times: a line reads the same in any log viewer.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
    },
    destination ?? (settings.format === "pretty" ? prettyStream() : pino.destination({ dest: 1, sync: true })),
  );
}

/** The server's and the worker's log, as LOG_LEVEL and LOG_FORMAT set it. */
export const logger = createLogger(logSettingsFrom(process.env));

/**
 * Sends what libraries print with console.* (a router's warning, a driver's notice) to `log`,
 * cleaned by `clean` and scrubbed, so stdout holds only log lines and nothing personal slips in
 * through a message that quotes an address. An Error among the arguments becomes the line's `err`.
 */
export function captureConsole(log: Logger, clean: (text: string) => string = (text) => text): void {
  const to =
    (level: "debug" | "info" | "warn" | "error") =>
    (...args: unknown[]) => {
      if (!log.isLevelEnabled(level)) return;
      const error = args.find((arg) => arg instanceof Error);
      const rest = args.filter((arg) => arg !== error);
      const message = scrubPersonalData(clean(format(...rest)));
      log[level](error ? { err: error } : {}, message || undefined);
    };
  console.debug = to("debug");
  console.log = to("info");
  console.info = to("info");
  console.warn = to("warn");
  console.error = to("error");
}
