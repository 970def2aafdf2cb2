// The certificate as an Open Badges 3.0 credential (issue 17 item 5), signed as a VC-JWT (EdDSA) with
// the same Ed25519 key as the certificate; the issuer profile and its public keys (JWKS) are served
// at /certificates/issuer and /certificates/keys.json.
import { sign } from "node:crypto";
import { env } from "~/env.server";
import { t } from "~/i18n/vi";
import type { Certificate } from "./certificates.server";
import { signingKeyById, verifyingKeys } from "./keys.server";
import { startOfVnDay } from "~/i18n/time";

export const issuerId = (origin = env().publicUrl) => `${origin}/certificates/issuer`;
export const jwksUrl = (origin = env().publicUrl) => `${origin}/certificates/keys.json`;

export function issuerProfile(origin = env().publicUrl) {
  return {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: issuerId(origin),
    type: ["Profile"],
    name: t.certificates.issuerName,
    url: origin,
    description: t.certificates.issuerDescription,
  };
}

/** The public keys, as a JWK Set (RFC 7517, OKP Ed25519), every generation (retired ones verify old credentials). */
export async function issuerJwks() {
  const keys = await verifyingKeys();
  return {
    keys: keys.map((k) => ({
      ...(k.publicKey.export({ format: "jwk" }) as { kty: string; crv: string; x: string }),
      kid: k.id,
      use: "sig",
      alg: "EdDSA",
    })),
  };
}

/** The OpenBadgeCredential (VC data model 2.0) of one certificate. */
export function badgeCredential(c: Certificate, origin = env().publicUrl) {
  const verifyUrl = `${origin}/verify/${encodeURIComponent(c.number)}`;
  return {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: `${verifyUrl}#credential`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: issuerProfile(origin),
    validFrom: startOfVnDay(c.completedOn),
    name: `${t.certificates.pdfTitle}: ${c.courseTitle}`,
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [{ type: "IdentityObject", identityHash: c.fullName, identityType: "name", hashed: false }],
      achievement: {
        id: `${origin}/courses/${c.courseId}#v${c.versionNumber}`,
        type: ["Achievement"],
        name: c.courseTitle,
        description: `${c.courseTitle} (${t.certificates.versionLabel} ${c.versionNumber})`,
        criteria: { narrative: t.certificates.badgeCriteria },
        achievementType: "Certificate",
      },
      ...(c.score !== null ? { result: [{ type: ["Result"], value: `${c.score}%` }] } : {}),
    },
    evidence: [{ id: verifyUrl, type: ["Evidence"], name: c.number }],
  };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The credential as a VC-JWT: iss, jti, nbf, sub and the credential in `vc`, signed with the certificate's key. */
export async function badgeJwt(c: Certificate, origin = env().publicUrl): Promise<string> {
  const key = await signingKeyById(c.keyId);
  if (!key) throw new Error(`certificate key ${c.keyId} is missing`);
  const credential = badgeCredential(c, origin);
  const header = { alg: "EdDSA", typ: "JWT", kid: c.keyId, jku: jwksUrl(origin) };
  const payload = {
    iss: credential.issuer.id,
    jti: credential.id,
    sub: `${origin}/verify/${encodeURIComponent(c.number)}#subject`,
    nbf: Math.floor(Date.parse(credential.validFrom) / 1000),
    iat: Math.floor(Date.parse(c.issuedAt) / 1000),
    vc: credential,
  };
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString("base64url")}`;
}
