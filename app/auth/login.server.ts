// Sign-in: throttle check, password check, session. Wrong user and wrong password give the same answer.
import { t } from "~/i18n/vi";
import { findByIdentifier } from "~/people/officials.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { accountKey, addressKey, clearFailures, lockRemaining, minutesLeft, recordFailure } from "./rate-limit.server";
import { createSession } from "./session.server";

export type SignInResult = { ok: true; token: string } | { ok: false; message: string };

export async function signIn(identifier: string, password: string, meta: { ip: string; userAgent?: string }): Promise<SignInResult> {
  // Looked up first, so the lock counts per account, whichever of its names was typed.
  const official = findByIdentifier(identifier);
  const acct = accountKey(identifier, official?.id);
  const addr = addressKey(meta.ip);
  const acctLock = lockRemaining(acct);
  if (acctLock > 0) return { ok: false, message: t.login.lockedAccount(String(minutesLeft(acctLock))) };
  const addrLock = lockRemaining(addr);
  if (addrLock > 0) return { ok: false, message: t.login.lockedAddress(String(minutesLeft(addrLock))) };

  const valid =
    official && official.active && official.passwordHash
      ? await verifyPassword(password, official.passwordHash)
      : await verifyAgainstDummy(password);

  if (!valid || !official) {
    const lockedNow = recordFailure(acct, "account");
    const addrLockedNow = recordFailure(addr, "address");
    if (lockedNow) return { ok: false, message: t.login.lockedAccount(String(minutesLeft(lockRemaining(acct)))) };
    if (addrLockedNow) return { ok: false, message: t.login.lockedAddress(String(minutesLeft(lockRemaining(addr)))) };
    return { ok: false, message: t.login.invalid };
  }
  clearFailures(acct);
  return { ok: true, token: createSession(official.id, meta) };
}
