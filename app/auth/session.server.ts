// Database-backed, revocable sessions. The cookie holds a random 256-bit token; the table stores only
// its SHA-256, so a copy of the database does not hand out live sessions. Logout revokes the row:
// a replayed cookie then authenticates nobody.
import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, isNull, lt, ne, or, sql } from "drizzle-orm";
import { changes, db, rows, transaction } from "~/db/client.server";
import { sessions, type Role } from "~/db/schema";
import { env } from "~/env.server";
import { t } from "~/i18n/vi";
import { bellColumns, bellFigure, type BellRow } from "~/notifications/notifications.server";
import { fullName } from "~/people/names";

export const SESSION_DAYS = 14;
export const COOKIE_NAME = "th_session";

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie(COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: SESSION_DAYS * 24 * 3600,
  });
  return cookie;
}

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(officialId: number, meta: { ip?: string; userAgent?: string } = {}): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000).toISOString();
  await transaction(async () => {
    await db()
      .insert(sessions)
      .values({ tokenHash: sha256(token), officialId, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) });
  });
  return token;
}

/**
 * Whether the cookie gets `Secure`. "auto" follows the request: a Secure cookie sent over plain
 * http:// (an office server at http://192.168.…) is dropped by the browser, and the person lands back
 * on an empty sign-in form. The request's protocol is HTTPS directly, or X-Forwarded-Proto when the
 * server trusts its proxy (TRUST_PROXY; Express decides, see server.mjs).
 */
export function cookieSecureFor(request?: Request): boolean {
  const setting = env().COOKIE_SECURE;
  if (setting !== "auto") return setting === "true";
  return request ? new URL(request.url).protocol === "https:" : false;
}

export async function commitSessionCookie(token: string, request?: Request) {
  return sessionCookie().serialize(token, { secure: cookieSecureFor(request) });
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
  /** The unit whose subtree this person manages: only a manager role with a current, reviewed scope. */
  managedUnitId: number | null;
  /** That unit's path, read with the session (so a scope check needs no second read); null when none. */
  managedUnitPath: string | null;
  /** A manager role that grants nothing for now: its unit must be chosen again, or it is closed. */
  scopeIssue: "needs-review" | "closed" | null;
  mustChangePassword: boolean;
  /**
   * Unread notifications as the session was read (the header's bell), or null when new-assignment
   * notices were still to be written: the root loader then asks unreadCount, which writes them.
   */
  unread: number | null;
};

// Every request asks this, so it is one query (session, official, current unit, and one row per role),
// whose SQL text is constant, so SQLite keeps it prepared.
type UserRow = {
  id: number;
  ho: string;
  dem: string;
  ten: string;
  username: string;
  mustChange: number | boolean;
  unitId: number;
  unitName: string;
  unitPath: string;
  role: Role | null;
  scope: number | null;
  review: number | boolean | null;
  /** 1 when the scope unit is closed, 0 when current, null when there is no such unit. */
  closed: number | null;
  scopePath: string | null;
} & BellRow;

export async function userForToken(token: string): Promise<SessionUser | null> {
  const found = await rows<UserRow>(
    sql`
    SELECT o.id, o.ho, o.dem, o.ten, o.username, o.must_change_password AS "mustChange",
           u.id AS "unitId", u.name AS "unitName", u.path AS "unitPath",
           r.role, r.scope_unit_id AS scope, r.scope_needs_review AS review,
           CASE WHEN su.id IS NULL THEN NULL WHEN su.valid_to IS NOT NULL THEN 1 ELSE 0 END AS closed, su.path AS "scopePath",
           ${bellColumns(sql`o.id`)}
      FROM sessions s
      JOIN officials o ON o.id = s.official_id AND o.active
      JOIN units u ON u.id = o.unit_id AND u.valid_to IS NULL
      LEFT JOIN official_roles r ON r.official_id = o.id
      LEFT JOIN units su ON su.id = r.scope_unit_id
     WHERE s.token_hash = ${sha256(token)} AND s.revoked_at IS NULL AND s.expires_at > ${new Date().toISOString()}`,
    // Every signed-in page runs it: a named prepared statement on PostgreSQL (a lookup by key).
    { prepare: true },
  );
  const row = found[0];
  if (!row) return null;
  const roles = found.filter((r) => r.role !== null);
  const manager = roles.find((r) => r.role === "manager");
  // No fallback: a manager role grants exactly its named, current unit, or nothing.
  const scopeIssue = !manager ? null : manager.review || manager.scope === null ? "needs-review" : manager.closed !== 0 ? "closed" : null;
  return {
    id: row.id,
    fullName: fullName(row),
    username: row.username,
    unitId: row.unitId,
    unitName: row.unitName,
    unitPath: row.unitPath,
    roles: roles.map((r) => r.role as Role),
    managedUnitId: manager && !scopeIssue ? manager.scope : null,
    managedUnitPath: manager && !scopeIssue ? manager.scopePath : null,
    scopeIssue,
    mustChangePassword: Boolean(row.mustChange),
    unread: bellFigure(row),
  };
}

// The root loader and the page's loader share one Request: look the session up once per request.
const perRequest = new WeakMap<Request, Promise<SessionUser | null>>();

export function getUser(request: Request): Promise<SessionUser | null> {
  let found = perRequest.get(request);
  if (!found) {
    found = tokenFrom(request).then((token) => (token ? userForToken(token) : null));
    perRequest.set(request, found);
  }
  return found;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  const url = new URL(request.url);
  if (!user) {
    const back = url.pathname + url.search;
    throw redirect(back && back !== "/" ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login");
  }
  // A temporary password from an administrator must be replaced before anything else.
  if (user.mustChangePassword && !url.pathname.startsWith("/account/password")) throw redirect("/account/password");
  return user;
}

/** 403 with a Vietnamese body: pages show the error boundary, resource routes (exports, files) this text. */
export function forbidden(): never {
  throw new Response(`${t.errors.forbiddenTitle}. ${t.errors.forbidden}`, {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
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
    await transaction(async () => {
      await db()
        .update(sessions)
        .set({ revokedAt: new Date().toISOString() })
        .where(eq(sessions.tokenHash, sha256(token)));
    });
  }
  return sessionCookie().serialize("", { maxAge: 0, secure: cookieSecureFor(request) });
}

/** Revoke every other session of this official (own password change): the current one stays. */
export async function revokeOtherSessions(officialId: number, request: Request) {
  const token = await tokenFrom(request);
  const keep = token ? sha256(token) : "";
  await transaction(async () => {
    await db()
      .update(sessions)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(sessions.officialId, officialId), isNull(sessions.revokedAt), ne(sessions.tokenHash, keep)));
  });
}

/**
 * Sessions are evidence of who was signed in, kept while they could matter: rows that expired or were
 * revoked more than RETAIN_DAYS ago are deleted (docs/decisions/0011-personal-data.md).
 */
export const SESSION_RETAIN_DAYS = 30;
export async function pruneSessions(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - SESSION_RETAIN_DAYS * 24 * 3600 * 1000).toISOString();
  return transaction(async () =>
    changes(
      await db()
        .delete(sessions)
        .where(or(lt(sessions.expiresAt, cutoff), lt(sessions.revokedAt, cutoff))),
    ),
  );
}

/** Revoke every session of one official (password reset, deactivation): in the caller's transaction when there is one. */
export async function revokeAllSessions(officialId: number) {
  await transaction(async () => {
    await db()
      .update(sessions)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(sessions.officialId, officialId), isNull(sessions.revokedAt)));
  });
}
