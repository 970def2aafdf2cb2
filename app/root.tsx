import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from "@remix-run/react";
import { useContext, useEffect, type ReactNode } from "react";
// The router's state, to know whether a route below threw: its meta has no data then, and an error
// page must be titled after the error, not "· · Tập huấn". (@remix-run/react's own <Meta> reads the
// same context; react-router-dom is its dependency, one hoisted copy.)
import { UNSAFE_DataRouterStateContext } from "react-router-dom";
import { getUser, type SessionUser } from "~/auth/session.server";
import { unreadCount } from "~/notifications/notifications.server";
import { t } from "~/i18n/vi";
import styles from "~/styles/app.css";
import { errorCopy, ErrorBoundary as RouteErrorBoundary } from "~/ui/error-boundary";
import { Layout as Shell } from "~/ui/layout";
import { useNonce } from "~/ui/nonce";
import { wantsRuntime } from "~/ui/runtime";
import { restoreTypedAfterHydration } from "~/ui/typed-before-hydration";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: t.app.name }];

/**
 * The bell's count: read with the session on a page view (no statement of its own, issue 19 item 5);
 * asked again after an action, which may have just read or written notices, and when notices are
 * still to be written.
 */
async function bell(request: Request, user: SessionUser): Promise<number> {
  const plainView = request.method === "GET" || request.method === "HEAD";
  return plainView && user.unread !== null ? user.unread : unreadCount(user.id);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return {
    user: user ? { fullName: user.fullName, unitName: user.unitName, roles: user.roles, unread: await bell(request, user) } : null,
  };
}

/** The routes' <Meta>, or, when a route threw, a Vietnamese title for the error. */
function HeadMeta() {
  const errors = useContext(UNSAFE_DataRouterStateContext)?.errors;
  const error = errors ? Object.values(errors)[0] : undefined;
  if (!errors) return <Meta />;
  return <title>{`${errorCopy(error).title} · ${t.app.name}`}</title>;
}

/**
 * A page ships no JavaScript unless a route of it exports `handle = RUNTIME` (app/ui/runtime.ts,
 * decision 0049): links and forms are ordinary HTML everywhere else.
 */
function useRuntime(): boolean {
  return useMatches().some((m) => wantsRuntime(m.handle));
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const runtime = useRuntime();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <HeadMeta />
        <Links />
      </head>
      <body>
        <Shell user={data?.user ?? null}>{children}</Shell>
        {runtime ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  // Runs once the runtime has hydrated the page (only pages with handle = RUNTIME have one).
  useEffect(restoreTypedAfterHydration, []);
  return <Outlet />;
}

export const ErrorBoundary = RouteErrorBoundary;
