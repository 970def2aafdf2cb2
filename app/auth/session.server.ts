// Database-backed, revocable sessions. The cookie holds a random 256-bit token; the table stores only
// its SHA-256, so a copy of the database does not hand out live sessions. Logout revokes the row:
// a replayed cookie then authenticates nobody.
import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, gt, isNull } from "drizzle-orm";
import { db } from "~/db/client.server";
import { sessions, type Role } from "~/db/schema";
import { env } from "~/env.server";
import { fullName } from "~/people/names";
import { currentUnitOf, getOfficial, rolesOf } from "~/people/officials.server";

export const SESSION_DAYS = 14;
export const COOKIE_NAME = "th_session";

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie(COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().cookieSecure,
    path: "/",
    maxAge: SESSION_DAYS * 24 * 3600,
  });
  return cookie;
}

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

export function createSession(officialId: number, meta: { ip?: string; userAgent?: string } = {}) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000).toISOString();
  db()
    .insert(sessions)
    .values({ tokenHash: sha256(token), officialId, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) })
    .run();
  return token;
}

export async function commitSessionCookie(token: string) {
  return sessionCookie().serialize(token);
}

async function tokenFrom(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

export type SessionUser = {
  id: number;
  fullName: string;
  username: string;
  unitId: number;
  unitName: string;
  unitPath: string;
  roles: Role[];
  /** The unit whose subtree this person manages, when they are a manager. */
  managedUnitId: number | null;
  mustChangePassword: boolean;
};

export function userForToken(token: string): SessionUser | null {
  const row = db()
    .select({ officialId: sessions.officialId })
    .from(sessions)
    .where(
      and(eq(sessions.tokenHash, sha256(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date().toISOString())),
    )
    .get();
  if (!row) return null;
  const official = getOfficial(row.officialId);
  if (!official || !official.active) return null;
  const unit = currentUnitOf(official);
  if (!unit) return null;
  const roles = rolesOf(official.id);
  const manager = roles.find((r) => r.role === "manager");
  return {
    id: official.id,
    fullName: fullName(official),
    username: official.username,
    unitId: unit.id,
    unitName: unit.name,
    unitPath: unit.path,
    roles: roles.map((r) => r.role),
    managedUnitId: manager ? (manager.scopeUnitId ?? official.unitId) : null,
    mustChangePassword: official.mustChangePassword,
  };
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  const token = await tokenFrom(request);
  return token ? userForToken(token) : null;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(back && back !== "/" ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login");
  }
  return user;
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.some((r) => user.roles.includes(r))) forbidden();
  return user;
}

/** Revoke this request's session and return the Set-Cookie header that clears it. */
export async function logout(request: Request): Promise<string> {
  const token = await tokenFrom(request);
  if (token) {
    db().update(sessions).set({ revokedAt: new Date().toISOString() }).where(eq(sessions.tokenHash, sha256(token))).run();
  }
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Revoke every session of one official (password reset, deactivation). */
export function revokeAllSessions(officialId: number) {
  db()
    .update(sessions)
    .set({ revokedAt: new Date().toISOString() })
    .where(and(eq(sessions.officialId, officialId), isNull(sessions.revokedAt)))
    .run();
}
