// What a certificate's signature covers, and the two codes that carry it (docs/decisions/0029):
//   signed code  a compact JWS (EdDSA, RFC 8037) whose payload is the certificate's fields; the QR code
//                carries it, so the certificate verifies from its QR with only the public key, even when
//                the database row is missing (a restored older backup) or was edited;
//   check code   8 characters derived from the signature, printed on the certificate to type into /verify
//                with the number (the database lookup).
import { createHash, sign, verify, type KeyObject } from "node:crypto";

/** The signed fields, in a fixed order (short keys keep the QR code small). */
export type CertificateClaims = {
  /** number, TH-YYYY-000123 */
  n: string;
  /** full name */
  h: string;
  /** unit name at completion */
  u: string;
  /** course title */
  c: string;
  /** course version number */
  v: number;
  /** day of completion, YYYY-MM-DD */
  d: string;
  /** final quiz score (percent) or null */
  s: number | null;
};

export type SignableCertificate = {
  number: string;
  fullName: string;
  unitName: string;
  courseTitle: string;
  versionNumber: number;
  completedOn: string;
  score: number | null;
};

export function claimsOf(c: SignableCertificate): CertificateClaims {
  return { n: c.number, h: c.fullName, u: c.unitName, c: c.courseTitle, v: c.versionNumber, d: c.completedOn, s: c.score };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

function headerOf(keyId: string): string {
  return b64url(JSON.stringify({ alg: "EdDSA", kid: keyId, typ: "JOSE" }));
}

function signingInput(keyId: string, claims: CertificateClaims): string {
  return `${headerOf(keyId)}.${b64url(JSON.stringify(claims))}`;
}

/** The Ed25519 signature (base64url) over the JWS signing input of these fields. */
export function signClaims(privateKey: KeyObject, keyId: string, claims: CertificateClaims): string {
  return sign(null, Buffer.from(signingInput(keyId, claims)), privateKey).toString("base64url");
}

export function signatureValid(publicKey: KeyObject, keyId: string, claims: CertificateClaims, signature: string): boolean {
  try {
    return verify(null, Buffer.from(signingInput(keyId, claims)), publicKey, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}

/** The signed code of a stored certificate: header.payload.signature. */
export function signedCode(keyId: string, claims: CertificateClaims, signature: string): string {
  return `${signingInput(keyId, claims)}.${signature}`;
}

// Crockford's base32 without I, L, O, U: nothing to confuse when typed from paper.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 8 characters (40 bits) of the signature's hash. */
export function checkCodeOf(signature: string): string {
  const bytes = createHash("sha256").update(signature).digest();
  let bits = 0n;
  for (const b of bytes.subarray(0, 5)) bits = (bits << 8n) | BigInt(b);
  let out = "";
  for (let i = 7; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return out;
}

/** "ABCD-EFGH" for print; typed input is normalised back (case, dashes, spaces, O→0, I/L→1). */
export function printedCheckCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export function normaliseCheckCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** A pasted or scanned signed code, parsed (not yet verified). Undefined when it is not one. */
export function parseSignedCode(code: string): { keyId: string; claims: CertificateClaims; signature: string } | undefined {
  const parts = code.trim().split(".");
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as { alg?: unknown; kid?: unknown };
    const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as CertificateClaims;
    if (header.alg !== "EdDSA" || typeof header.kid !== "string") return undefined;
    if (typeof claims.n !== "string" || typeof claims.h !== "string" || typeof claims.c !== "string") return undefined;
    // The signature covers the exact bytes received: re-encoding must give them back.
    if (b64url(JSON.stringify(claims)) !== parts[1] || headerOf(header.kid) !== parts[0]) return undefined;
    return { keyId: header.kid, claims, signature: parts[2]! };
  } catch {
    return undefined;
  }
}
