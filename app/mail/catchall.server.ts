// The demo's catch-all mailbox (docs/decisions/0028): an SMTP server inside the app process, on a free
// port of 127.0.0.1, that keeps the last messages it received for /admin/mail. It runs only on the demo
// database and only when SMTP_URL is unset (runner.server.ts decides), so a newcomer sees the e-mail
// the platform sends without configuring anything, and a real deployment opens no port nobody asked for.
import type { AddressInfo } from "node:net";
import { t } from "~/i18n/vi";

export type Received = { at: string; messageId: string; to: string; subject: string; text: string };

export type CatchAll = { port: number; received: Received[]; close(): Promise<void> };

const KEEP = 100;

/** Starts an SMTP server on 127.0.0.1 (port 0: any free one) that accepts everything and keeps the last 100 messages. */
export async function startCatchAll(port = 0): Promise<CatchAll> {
  // Loaded on first use: only the demo's mailbox needs them, and they weigh on every cold start.
  const [{ simpleParser }, { SMTPServer }] = await Promise.all([import("mailparser"), import("smtp-server")]);
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    banner: t.mail.catchAllBanner,
    logger: false,
    size: 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = session.envelope.rcptTo.map((r) => r.address).join(", ");
          received.unshift({
            at: new Date().toISOString(),
            messageId: mail.messageId ?? "",
            to,
            subject: mail.subject ?? "",
            text: mail.text ?? "",
          });
          received.length = Math.min(received.length, KEEP);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  server.on("error", () => undefined); // a client's broken connection must not crash the app
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
