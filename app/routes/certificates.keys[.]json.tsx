// /certificates/keys.json: the issuer's Ed25519 public keys as a JWK Set, retired ones included (they
// verify the certificates they signed). Public.
import { issuerJwks } from "~/certificates/badge.server";
import { methodNotAllowed } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

export async function loader() {
  return new Response(JSON.stringify(await issuerJwks(), null, 2), {
    headers: { "Content-Type": "application/jwk-set+json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
