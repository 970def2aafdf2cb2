import { useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";

export type HeaderUser = {
  fullName: string;
  unitName: string;
  roles: string[];
  /** Unread notifications: the bell's count (decision 0030). */
  unread: number;
};

function navFor(user: HeaderUser) {
  const items: { to: string; label: string }[] = [
    { to: "/", label: t.nav.home },
    { to: "/courses", label: t.nav.courses },
    { to: "/my/certificates", label: t.certificates.mineTitle },
  ];
  if (user.roles.includes("manager") || user.roles.includes("admin"))
    items.push(
      { to: "/reports", label: t.nav.reports },
      { to: "/units", label: t.nav.units },
      { to: "/assignments", label: t.assignments.title },
    );
  if (user.roles.includes("trainer")) items.push({ to: "/trainer", label: t.nav.trainer });
  // Administrators' and trainers' other tools are one click away, on /admin.
  if (user.roles.includes("admin") || user.roles.includes("trainer")) items.push({ to: "/admin", label: t.nav.admin });
  return items;
}

/** Where a menu item counts as the current page: its own path and those below it ("/" only itself). */
function isCurrent(pathname: string, to: string): boolean {
  const here = pathname.toLowerCase();
  return to === "/" ? here === "/" : here === to || here.startsWith(`${to}/`);
}

// Plain links and a plain form: no page ships the client runtime (decision 0049), so Remix's <Link>,
// <NavLink> and <Form> would only cost every signed-in page their router look-ups (issue 19 item 5).
export function Layout({ user, children }: { user: HeaderUser | null; children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <a href="/" className="brand">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span>{t.app.name}</span>
          </a>
          {user ? (
            <>
              <nav aria-label={t.nav.label} className="main-nav">
                <ul>
                  {navFor(user).map((item) => {
                    const current = isCurrent(pathname, item.to);
                    return (
                      <li key={item.to}>
                        <a href={item.to} aria-current={current ? "page" : undefined} className={current ? "active" : ""}>
                          {item.label}
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </nav>
              <a
                href="/notifications"
                className={user.unread > 0 ? "bell bell--unread" : "bell"}
                aria-label={t.notifications.bellLabel(user.unread)}
              >
                <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">
                  <path
                    fill="currentColor"
                    d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
                  />
                </svg>
                <span className="bell__label">{t.notifications.bell}</span>{" "}
                {user.unread > 0 ? (
                  <span className="bell__count" aria-hidden="true">
                    {user.unread > 99 ? "99+" : formatNumber(user.unread)}
                  </span>
                ) : null}
              </a>
              <div className="who">
                <span className="visually-hidden">{t.nav.signedInAs}</span>
                <span className="who__name">{user.fullName}</span>
                <span className="who__unit">{user.unitName}</span>
                <a href="/account/password" className="who__link">
                  {t.nav.account}
                </a>
                <form method="post" action="/logout">
                  <button type="submit" className="button button--quiet">
                    {t.nav.signOut}
                  </button>
                </form>
              </div>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t.app.tagline}</p>
      </footer>
    </>
  );
}
