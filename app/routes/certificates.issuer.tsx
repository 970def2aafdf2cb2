// /certificates/issuer: the Open Badges 3.0 issuer profile (public JSON), named by every credential.
import { issuerProfile, jwksUrl } from "~/certificates/badge.server";
import { methodNotAllowed } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

export function loader() {
  return new Response(JSON.stringify({ ...issuerProfile(), publicKeys: jwksUrl() }, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
