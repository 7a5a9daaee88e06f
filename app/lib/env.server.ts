import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AppKey, generateAppKey, parseAppKey } from "./app-key.server";
import { logSettingsSchema } from "./logger.server";

const APP_KEY_FORMAT = "must be 32 random bytes in base64, 44 characters (e.g. `openssl rand -base64 32`)";

const blankAsMissing = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const envSchema = z.object({
  DATABASE_URL: z.preprocess(
    blankAsMissing,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres://")
      .optional(),
  ),
  DATA_DIR: z.preprocess(blankAsMissing, z.string().default("./data")),
  PORT: z.preprocess(blankAsMissing, z.coerce.number().int().min(1).max(65535).default(3000)),
  HOST: z.preprocess(
    blankAsMissing,
    z
      .string()
      .regex(/^[A-Za-z0-9.:[\]-]+$/, "must be a host name or an IP address")
      .default("127.0.0.1"),
  ),
  APP_URL: z.preprocess(blankAsMissing, z.url({ protocol: /^https?$/ }).optional()),
  SESSION_SECRET: z.preprocess(blankAsMissing, z.string().min(32, "must be at least 32 characters").optional()),
  APP_KEY: z.preprocess(
    blankAsMissing,
    z
      .string()
      .transform((value, context) => {
        const bytes = parseAppKey(value);
        if (!bytes) context.addIssue({ code: "custom", message: APP_KEY_FORMAT });
        return bytes ?? z.NEVER;
      })
      .optional(),
  ),
  SMTP_URL: z.preprocess(
    blankAsMissing,
    z
      .string()
      .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
      .optional(),
  ),
  SMTP_FROM: z.preprocess(blankAsMissing, z.email("must be an email address").optional()),
  HTTPS_CERT: z.preprocess(blankAsMissing, z.string().optional()),
  HTTPS_KEY: z.preprocess(blankAsMissing, z.string().optional()),
  ACCESSIBILITY_CONTACT: z.preprocess(blankAsMissing, z.string().max(200).optional()),
  METRICS_TOKEN: z.preprocess(blankAsMissing, z.string().min(16, "must be at least 16 characters").optional()),
  // The law asks for at least a year of access records (2 for large processors); 2 years by default.
  ACCESS_LOG_RETENTION_DAYS: z.preprocess(blankAsMissing, z.coerce.number().int().min(365, "must be at least 365 (days)").max(36_500).default(730)),
  TRUST_PROXY: z.preprocess(blankAsMissing, z.enum(["true", "false"]).default("false")),
  NODE_ENV: z.preprocess(blankAsMissing, z.enum(["production", "development", "test"]).default("production")),
  // Read by the logger itself (it must exist before the configuration is checked); checked here.
  ...logSettingsSchema.shape,
});

export interface AppConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  /** The interface the server listens on: loopback unless HOST says otherwise (which needs APP_URL). */
  host: string;
  appUrl: string | undefined;
  /**
   * Where links in emails and pages point: APP_URL, else this machine's loopback address (the
   * server then listens on loopback only). Never taken from a request's Host header.
   */
  publicOrigin: string;
  sessionSecret: string;
  /**
   * Seals the signing and personal-link keys kept in the database (app/lib/app-key.server.ts).
   * Undefined only for command-line tools on a server database run without APP_KEY.
   */
  appKey: AppKey | undefined;
  /** Cookies are Secure exactly when the app is served over https (APP_URL says so). */
  secureCookies: boolean;
  trustProxy: boolean;
  /** The relay; without it, messages are kept as .eml files in DATA_DIR/mail. */
  smtpUrl: string | undefined;
  /** The sending address (on the relay's authenticated domain); events change only the display name. */
  smtpFrom: string;
  nodeEnv: "production" | "development" | "test";
  /** Where people report an accessibility problem (an address or a phone number), for the accessibility statement. */
  accessibilityContact: string | undefined;
  /** PEM certificate and key: the app serves HTTPS itself (phones need a secure origin for the camera). */
  https: { cert: string; key: string } | undefined;
  /** Lets /metrics be read from beyond this machine, as `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** How long access records are kept before housekeeping removes them (never below 365 days). */
  accessLogRetentionDays: number;
}

export class ConfigError extends Error {}

function embeddedSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  }
}

/** Where the embedded database's APP_KEY is kept: beside the database, never inside it, so a backup of pgdata cannot open its keys. */
export const APP_KEY_FILE = "app-key";

/** The embedded database's APP_KEY, made once in DATA_DIR like the session secret. */
export function embeddedAppKey(dataDir: string): AppKey {
  const file = path.join(dataDir, APP_KEY_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    text = generateAppKey(file).text;
    fs.writeFileSync(file, `${text}\n`, { mode: 0o600, flag: "wx" });
  }
  const bytes = parseAppKey(text);
  if (!bytes) throw new ConfigError(`${file} does not hold an APP_KEY: it ${APP_KEY_FORMAT}. Put back the file this database was made with.`);
  return new AppKey(bytes, `APP_KEY (${file})`);
}

/** NEW_APP_KEY, the key `npm run keys:rotate` moves the stored keys to: checked like APP_KEY. */
export function newAppKeyFrom(env: Record<string, string | undefined>): { text: string; key: AppKey } | undefined {
  const text = env.NEW_APP_KEY?.trim();
  if (!text) return undefined;
  const bytes = parseAppKey(text);
  if (!bytes) throw new ConfigError(`NEW_APP_KEY ${APP_KEY_FORMAT}.`);
  return { text, key: new AppKey(bytes, "NEW_APP_KEY") };
}

function readPem(variable: string, file: string): string {
  try {
    const pem = fs.readFileSync(file, "utf8");
    if (!pem.includes("-----BEGIN")) throw new Error("not a PEM file");
    return pem;
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${file} as a PEM file (${(error as Error).message}).`);
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Reads and checks the environment once; a bad value stops the start with the variable's name.
 * Command-line tools sign no cookies, so they may skip the SESSION_SECRET requirement, and those
 * that touch no stored key may skip APP_KEY's.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, options: { requireSessionSecret?: boolean; requireAppKey?: boolean } = {}): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.DATA_DIR);
  if (Boolean(values.HTTPS_CERT) !== Boolean(values.HTTPS_KEY)) {
    throw new ConfigError("HTTPS_CERT and HTTPS_KEY go together: set both (PEM files) to serve HTTPS, or neither.");
  }
  const https = values.HTTPS_CERT && values.HTTPS_KEY ? { cert: readPem("HTTPS_CERT", values.HTTPS_CERT), key: readPem("HTTPS_KEY", values.HTTPS_KEY) } : undefined;
  if (values.SMTP_URL && !values.SMTP_FROM) {
    throw new ConfigError("SMTP_FROM is required when SMTP_URL is set: the address mail is sent from, on the relay's domain.");
  }
  if (!values.APP_URL && !isLoopback(values.HOST)) {
    throw new ConfigError(
      `HOST=${values.HOST} listens beyond this machine, so APP_URL is required: the address guests and staff open (e.g. APP_URL=https://nanum.example.go.kr), which links in emails use.`,
    );
  }
  const requireSessionSecret = options.requireSessionSecret ?? true;
  if (values.DATABASE_URL && !values.SESSION_SECRET && requireSessionSecret) {
    throw new ConfigError("SESSION_SECRET is required when DATABASE_URL is set (at least 32 characters; e.g. `openssl rand -base64 32`).");
  }
  const requireAppKey = options.requireAppKey ?? true;
  if (values.DATABASE_URL && !values.APP_KEY && requireAppKey) {
    throw new ConfigError(
      "APP_KEY is required when DATABASE_URL is set: 32 random bytes in base64 (`openssl rand -base64 32`) that encrypt the ticket and personal-link keys in the database. Keep it safe: without it every ticket and link stops working.",
    );
  }
  const appUrl = values.APP_URL?.replace(/\/+$/, "");
  return {
    databaseUrl: values.DATABASE_URL,
    dataDir,
    port: values.PORT,
    host: values.HOST,
    appUrl,
    publicOrigin: appUrl ?? `${https ? "https" : "http"}://localhost:${values.PORT}`,
    sessionSecret: values.SESSION_SECRET ?? (values.DATABASE_URL ? "" : embeddedSessionSecret(dataDir)),
    appKey: values.APP_KEY ? new AppKey(values.APP_KEY, "APP_KEY") : values.DATABASE_URL ? undefined : embeddedAppKey(dataDir),
    secureCookies: values.APP_URL?.startsWith("https://") ?? false,
    trustProxy: values.TRUST_PROXY === "true",
    smtpUrl: values.SMTP_URL,
    smtpFrom: values.SMTP_FROM ?? "nanum@localhost",
    accessibilityContact: values.ACCESSIBILITY_CONTACT,
    metricsToken: values.METRICS_TOKEN,
    accessLogRetentionDays: values.ACCESS_LOG_RETENTION_DAYS,
    nodeEnv: values.NODE_ENV,
    https,
  };
}
