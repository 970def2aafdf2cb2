// Build requests as a signed-in official, to call loaders and actions directly.
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { findByIdentifier } from "~/people/officials.server";

export const ctx = { clientIp: "127.0.0.1", cspNonce: "" };

export async function requestAs(username: string, url: string, init: RequestInit = {}) {
  const official = await findByIdentifier(username);
  if (!official) throw new Error(`no account ${username}`);
  const cookie = (await commitSessionCookie(await createSession(official.id))).split(";")[0]!;
  const headers = new Headers(init.headers);
  headers.set("Cookie", cookie);
  return new Request(`http://localhost${url}`, { ...init, headers });
}

export async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    const value = await promise;
    return value instanceof Response ? value.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}
