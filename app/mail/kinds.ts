// The kinds of e-mail the platform sends, and which of them a person may turn off (docs/decisions/0028).
// Required kinds are the ones a person's work depends on (what they were assigned and when it is due);
// optional ones are courtesy (congratulations, digests). Shared with the pages: no server code here.

export const MAIL_KINDS = {
  "assignment-new": { optional: false },
  "assignment-due": { optional: false },
  "assignment-overdue": { optional: false },
  "course-completed": { optional: true },
  digest: { optional: true },
  "attempts-granted": { optional: true },
} as const;

export type MailKind = keyof typeof MAIL_KINDS;

export const OPTIONAL_MAIL_KINDS = (Object.keys(MAIL_KINDS) as MailKind[]).filter((k) => MAIL_KINDS[k].optional);

export function isMailKind(value: string): value is MailKind {
  return Object.hasOwn(MAIL_KINDS, value);
}

export function isOptionalKind(kind: string): boolean {
  return isMailKind(kind) && MAIL_KINDS[kind].optional;
}
