// A real SMTP server in the test process (smtp-server), keeping what it receives parsed (mailparser):
// the mail tests check recipients, subject, Vietnamese text and links as an SMTP client delivered them.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import nodemailer, { type Transporter } from "nodemailer";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export type Received = { from: string; to: string[]; raw: string; subject: string; text: string; html: string; messageId: string };

export type SmtpSink = {
  port: number;
  /** Everything received so far, in order (tests empty it with `received.length = 0`). */
  received: Received[];
  /** A nodemailer transport to this server, one connection per message. */
  transport(): Transporter;
  close(): Promise<void>;
};

/** Starts the server on a free local port; `onRcptTo` may refuse recipients (a 4xx or 5xx answer). */
export async function startSmtpSink(options: Pick<SMTPServerOptions, "onRcptTo"> = {}): Promise<SmtpSink> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw)
          .then((mail) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              messageId: mail.messageId ?? "",
            });
            callback();
          })
          .catch((e: Error) => callback(e));
      });
    },
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port)),
  );
  return {
    port,
    received,
    transport: () => nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
