// Environment variables, validated once with zod. A bad value stops the app with a clear message.
import path from "node:path";
import { z } from "zod";
import { t } from "~/i18n/vi";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1).default("data/taphuan.db"),
  /** postgres://user:password@host:port/database selects PostgreSQL instead of the SQLite file (decision 0019). */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, t.inputs.databaseUrlShape)
    .optional(),
  /** Connections each app process keeps to PostgreSQL (docs/deploying-postgresql.md). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  CONTENT_DIR: z.string().min(1).default("content"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * Secure cookies: "auto" follows the request (HTTPS directly, or X-Forwarded-Proto when TRUST_PROXY
   * is set), so sign-in works on plain http:// inside an office network and is Secure over HTTPS.
   * "true" always sets Secure; "false" never does.
   */
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  /**
   * Multiplies the per-address and per-session request limits (app/http/guards.server.ts). 1 in any
   * real deployment; the browser tests raise it, since one test run sends from one address what a
   * whole province would.
   */
  RATE_LIMIT_FACTOR: z.coerce.number().int().min(1).max(1000).default(1),
  /**
   * Admission control (app/http/guards.server.ts): requests for pages and actions that run at once in
   * this process; the others wait their turn, and one that waited longer than ADMISSION_MAX_WAIT_MS
   * gets a "busy, try again" page instead of a late or broken one.
   */
  ADMISSION_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(16),
  ADMISSION_MAX_WAIT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  /** Officials an assignment's builder writes per transaction (docs/decisions/0027): small enough that no request waits long. */
  ASSIGNMENT_BUILD_CHUNK: z.coerce.number().int().min(10).max(100_000).default(2000),
  CERTIFICATE_ZIP_MAX: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * Certificates for completions recorded before certificates existed, issued in the background after
   * start (docs/decisions/0029). "off" only for benches whose generated completions need none.
   */
  CERTIFICATE_BACKFILL: z.enum(["on", "off"]).default("on"),
  /**
   * The SMTP server e-mail goes through (docs/decisions/0028), e.g. smtp://user:password@mail.example.vn:587
   * or smtps://…:465. Unset: no e-mail is sent (messages wait in the outbox); on the demo database a
   * catch-all inside the app receives them instead.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, t.mail.smtpUrlShape)
    .optional(),
  /** The sender of every e-mail. */
  MAIL_FROM: z.string().min(3).default(t.mail.defaultFrom),
  /** The address people open the site at: the links in e-mail start with it. Default http://localhost:PORT. */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, t.mail.publicUrlShape)
    .optional(),
});

export type Env = z.infer<typeof schema> & {
  databaseFile: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  publicUrl: string;
};

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(t.console.badEnvironment(lines.join("\n")));
  }
  const e = parsed.data;
  cached = {
    ...e,
    // Resolved from the working directory: the server is bundled into build/, so import.meta.url lies.
    databaseFile: path.resolve(process.cwd(), e.DATABASE_PATH),
    databaseUrl: e.DATABASE_URL || undefined,
    smtpUrl: e.SMTP_URL || undefined,
    publicUrl: (e.PUBLIC_URL || `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
  };
  return cached;
}

/** Tests change DATABASE_PATH between files; they call this to re-read the environment. */
export function resetEnvForTests() {
  cached = undefined;
}
