// Passwords are hashed with scrypt (memory-hard; in node:crypto, so no native add-on to build).
// N=2^15, r=8 uses 32 MiB per hash and takes roughly 50–100 ms here: cheap for one sign-in,
// expensive for someone trying a dictionary against a stolen table.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { t } from "~/i18n/vi";

const N = 2 ** 15;
const r = 8;
const p = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

const options = (n: number, rr: number, pp: number): ScryptOptions => ({
  N: n,
  r: rr,
  p: pp,
  maxmem: 256 * n * rr + 1024 * 1024,
});

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options(N, r, p));
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, saltB64, keyB64] = stored.split("$");
  if (scheme !== "scrypt" || !n || !rr || !pp || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, "base64");
  const actual = await scrypt(
    password.normalize("NFC"),
    Buffer.from(saltB64, "base64"),
    expected.length,
    options(Number(n), Number(rr), Number(pp)),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// Verifying against this when the account does not exist keeps the response time the same,
// so timing does not reveal which usernames exist.
let dummy: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword("không-phải-mật-khẩu-thật");
  await verifyPassword(password, await dummy);
  return false;
}

/** Minimum rules for a new password, returned as a Vietnamese message or null when acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return t.passwords.tooShort;
  if (password.length > 200) return t.passwords.tooLong;
  return null;
}
