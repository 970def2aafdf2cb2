// Sign-in: throttle check, password check, session. Wrong user and wrong password give the same answer.
import { audit } from "~/audit/log.server";
import { t } from "~/i18n/vi";
import { findByIdentifier } from "~/people/officials.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { accountKey, addressKey, clearFailures, lockRemaining, minutesLeft, recordFailure } from "./rate-limit.server";
import { createSession } from "./session.server";
import { z } from "zod";

export type SignInResult = { ok: true; token: string } | { ok: false; message: string };

export async function signIn(identifier: string, password: string, meta: { ip: string; userAgent?: string }): Promise<SignInResult> {
  // Looked up first, so the lock counts per account, whichever of its names was typed.
  const official = await findByIdentifier(identifier);
  const acct = accountKey(identifier, official?.id);
  const addr = addressKey(meta.ip);
  const acctLock = await lockRemaining(acct);
  if (acctLock > 0) return { ok: false, message: t.login.lockedAccount(String(minutesLeft(acctLock))) };
  const addrLock = await lockRemaining(addr);
  if (addrLock > 0) return { ok: false, message: t.login.lockedAddress(String(minutesLeft(addrLock))) };

  const valid =
    official && official.active && official.passwordHash
      ? await verifyPassword(password, official.passwordHash)
      : await verifyAgainstDummy(password);

  if (!valid || !official) {
    const lockedNow = await recordFailure(acct, "account");
    const addrLockedNow = await recordFailure(addr, "address");
    if (lockedNow) return { ok: false, message: t.login.lockedAccount(String(minutesLeft(await lockRemaining(acct)))) };
    if (addrLockedNow) return { ok: false, message: t.login.lockedAddress(String(minutesLeft(await lockRemaining(addr)))) };
    return { ok: false, message: t.login.invalid };
  }
  await clearFailures(acct);
  const token = await createSession(official.id, meta);
  await audit(official.id, "auth.sign-in", "official", official.staffCode, { ip: meta.ip });
  return { ok: true, token };
}

/** The sign-in form (server-side: zod stays out of the page's bundle). */
export const LoginForm = z.object({
  identifier: z.string().trim().min(1, t.login.missingIdentifier).max(200, t.login.tooLong),
  password: z.string().min(1, t.login.missingPassword).max(200, t.login.tooLong),
  redirectTo: z.string().optional(),
});
