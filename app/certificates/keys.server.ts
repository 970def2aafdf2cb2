// The Ed25519 keys that sign certificates (docs/decisions/0029). Kept in the database: the first is made
// at first start (or at the first certificate, whichever comes first), inserted only when absent, so
// two app processes starting together end up with the same key. Rotation adds the next generation and
// retires the previous one; retired keys stay, so every certificate still verifies with the key it
// names.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { asc, desc, eq, isNull } from "drizzle-orm";
import { db, lock, transaction } from "~/db/client.server";
import { certificateKeys } from "~/db/schema";

export type SigningKey = { id: string; generation: number; privateKey: KeyObject; publicKey: KeyObject };
export type VerifyingKey = { id: string; generation: number; publicKey: KeyObject; createdAt: string; retiredAt: string | null };

function newKeyRow(generation: number) {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return {
    id: `k${generation}-${randomBytes(4).toString("hex")}`,
    generation,
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

async function activeRow() {
  const [r] = await db()
    .select()
    .from(certificateKeys)
    .where(isNull(certificateKeys.retiredAt))
    .orderBy(desc(certificateKeys.generation))
    .limit(1);
  return r;
}

/**
 * The key that signs new certificates. Made when there is none: generation 1 is inserted only when
 * absent (ON CONFLICT DO NOTHING on the generation), so concurrent first starts agree on one key.
 * Inside or outside a transaction.
 */
export async function signingKey(): Promise<SigningKey> {
  let r = await activeRow();
  if (!r) {
    const fresh = newKeyRow(1);
    await transaction(async () => {
      await db().insert(certificateKeys).values(fresh).onConflictDoNothing({ target: certificateKeys.generation });
    });
    r = await activeRow();
    if (!r) throw new Error("certificate key: none active after insert");
  }
  return { id: r.id, generation: r.generation, privateKey: parsedPrivate(r.privateKey), publicKey: parsedPublic(r.publicKey) };
}

// Parsing a PEM costs ~0.1 ms of CPU each time, and signing a certificate needed both halves: the
// parsed keys are kept for the process, by their PEM text (the same text is the same key, whichever
// database or row it came from; a row never changes). Few keys ever exist, so the maps stay small.
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();
function parsedPrivate(pem: string): KeyObject {
  let key = privateKeys.get(pem);
  if (!key) privateKeys.set(pem, (key = createPrivateKey(pem)));
  return key;
}
function parsedPublic(pem: string): KeyObject {
  let key = publicKeys.get(pem);
  if (!key) publicKeys.set(pem, (key = createPublicKey(pem)));
  return key;
}

/** Rotation: a new key signs from now on; the previous one is retired and kept for verifying. */
export async function rotateSigningKey(at = new Date().toISOString()): Promise<string> {
  return transaction(async () => {
    await lock("certificate-keys");
    const [last] = await db().select().from(certificateKeys).orderBy(desc(certificateKeys.generation)).limit(1);
    const fresh = newKeyRow((last?.generation ?? 0) + 1);
    await db().update(certificateKeys).set({ retiredAt: at }).where(isNull(certificateKeys.retiredAt));
    await db().insert(certificateKeys).values(fresh);
    return fresh.id;
  });
}

/** Every key ever used (retired ones too), oldest first: what verification and the issuer's JWKS need. */
export async function verifyingKeys(): Promise<VerifyingKey[]> {
  const list = await db().select().from(certificateKeys).orderBy(asc(certificateKeys.generation));
  return list.map((r) => ({
    id: r.id,
    generation: r.generation,
    publicKey: parsedPublic(r.publicKey),
    createdAt: r.createdAt,
    retiredAt: r.retiredAt,
  }));
}

export async function verifyingKey(id: string): Promise<KeyObject | undefined> {
  const [r] = await db().select({ publicKey: certificateKeys.publicKey }).from(certificateKeys).where(eq(certificateKeys.id, id)).limit(1);
  return r ? parsedPublic(r.publicKey) : undefined;
}

/** The private key of one generation (the certificate's own, for its VC-JWT), retired or not. */
export async function signingKeyById(id: string): Promise<KeyObject | undefined> {
  const [r] = await db()
    .select({ privateKey: certificateKeys.privateKey })
    .from(certificateKeys)
    .where(eq(certificateKeys.id, id))
    .limit(1);
  return r ? parsedPrivate(r.privateKey) : undefined;
}
