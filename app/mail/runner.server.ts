// The mail runner (docs/decisions/0028): in every app process, a timer that sends what the outbox holds
// (sender.server.ts; the per-message claim keeps two processes from sending one message at once).
// Where e-mail goes:
//   SMTP_URL set                          → that SMTP server
//   SMTP_URL unset, demo database         → the catch-all inside this process (127.0.0.1, a free port)
//   SMTP_URL unset, any other database    → nowhere: e-mail is off, messages wait in the outbox, no port opened
import nodemailer from "nodemailer";
import { env } from "~/env.server";
import { t } from "~/i18n/vi";
import { startCatchAll, type CatchAll, type Received } from "./catchall.server";
import { onMailQueued } from "./outbox.server";
import { sendDue, type MailTransport } from "./sender.server";

export type MailState = { mode: "smtp" } | { mode: "catch-all"; port: number } | { mode: "off" } | { mode: "not-started" };

let state: MailState = { mode: "not-started" };
let catchAll: CatchAll | undefined;
let transport: MailTransport | undefined;
let timer: NodeJS.Timeout | undefined;
let running: Promise<unknown> | undefined;

/**
 * The runner's transport: pooled SMTP connections (nodemailer's SMTPPool, up to 5, 100 messages each),
 * so a batch does not open a connection and greet the server per message (bench:digest: ~8 messages/s
 * one connection per message against ~190 pooled). `url`: SMTP_URL; `port`: the demo catch-all.
 */
export function smtpTransport(target: { url: string } | { port: number }) {
  const timeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };
  return "url" in target
    ? nodemailer.createTransport({ url: target.url, pool: true, ...timeouts })
    : nodemailer.createTransport({ host: "127.0.0.1", port: target.port, secure: false, ignoreTLS: true, pool: true, ...timeouts });
}

export function mailState(): MailState {
  return state;
}

/** What the demo's catch-all received (empty when it is not running). */
export function caughtMail(): Received[] {
  return catchAll ? [...catchAll.received] : [];
}

/** Runs one sending pass unless one is running in this process already. */
export function runMailer(): Promise<unknown> {
  if (!transport) return Promise.resolve();
  running ??= sendDue({ transport })
    .catch((error: unknown) => console.error(t.mail.runFailed, error))
    .finally(() => (running = undefined));
  return running;
}

/**
 * Decides where e-mail goes, then sends now and every `everyMs`; the timer does not keep the process
 * alive. `isDemo` says whether this is the demo database (app/entry.server.tsx passes isDemoDatabase:
 * app/demo/ is imported only there).
 */
export async function startMailer(isDemo: () => Promise<boolean>, everyMs = 30_000): Promise<MailState> {
  if (state.mode !== "not-started") return state;
  const e = env();
  if (e.smtpUrl) {
    transport = smtpTransport({ url: e.smtpUrl });
    state = { mode: "smtp" };
  } else if (await isDemo()) {
    catchAll = await startCatchAll();
    transport = smtpTransport({ port: catchAll.port });
    state = { mode: "catch-all", port: catchAll.port };
    console.log(t.mail.catchAllStarted(String(catchAll.port)));
  } else {
    state = { mode: "off" };
    return state;
  }
  onMailQueued(() => void runMailer());
  void runMailer();
  timer ??= setInterval(() => void runMailer(), everyMs);
  timer.unref();
  return state;
}

/** Tests: stops the timer and the catch-all. */
export async function stopMailer() {
  if (timer) clearInterval(timer);
  timer = undefined;
  onMailQueued(undefined);
  await running;
  await catchAll?.close();
  catchAll = undefined;
  transport = undefined;
  state = { mode: "not-started" };
}
