// The bell's page (issue 16 item 1, docs/decisions/0030): a person's notifications, newest first.
// GET only reads. Opening a notification is a POST from its own button (marks it read, then goes to
// its course); "mark all read" marks what the page showed. Plain forms: no JavaScript needed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { formatDateTime } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { markAllRead, notificationsOf, openNotification } from "~/notifications/notifications.server";
import { readForm } from "~/ui/form.server";

export const meta: MetaFunction = () => [{ title: `${t.notifications.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const list = await notificationsOf(user.id);
  return { list, newest: list[0]?.id ?? 0 };
}

/** A positive id from the form, or null. */
function idOf(value: FormDataEntryValue | null): number | null {
  const n = typeof value === "string" && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n <= 2147483647 ? n : null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "read-all") {
    const upTo = idOf(form.get("upTo"));
    if (upTo !== null) await markAllRead(user.id, upTo);
    return redirect("/notifications?done=1");
  }
  const id = idOf(form.get("id"));
  // Someone else's id is "not found" too: nobody learns that it exists.
  const link = id === null ? null : await openNotification(user.id, id);
  if (link === null) return data({ error: t.notifications.badId }, { status: 404 });
  return redirect(link);
}

export default function Notifications() {
  const { list, newest } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const [params] = useSearchParams();
  const unread = list.filter((n) => !n.read).length;
  return (
    <section>
      <h1>{t.notifications.title}</h1>
      <p className="muted">{t.notifications.intro}</p>
      {params.get("done") ? (
        <p className="alert alert--ok" role="status">
          {t.notifications.markedAll}
        </p>
      ) : null}
      {r?.error ? (
        <p className="alert" role="alert">
          {r.error}
        </p>
      ) : null}
      {list.length === 0 ? (
        <p>{t.notifications.empty}</p>
      ) : (
        <>
          {unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="read-all" />
              <input type="hidden" name="upTo" value={newest} />
              <button type="submit" className="button button--quiet">
                {t.notifications.markAll}
              </button>
            </Form>
          ) : null}
          <ul className="notification-list">
            {list.map((n) => (
              <li key={n.id} className={n.read ? "notification" : "notification notification--unread"}>
                <p className="notification__text" id={`notification-${n.id}`}>
                  {n.text}{" "}
                  <span className="notification__meta">
                    ({n.read ? t.notifications.read : t.notifications.unread} · {formatDateTime(n.createdAt)})
                  </span>
                </p>
                <Form method="post">
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="button" aria-describedby={`notification-${n.id}`}>
                    {t.notifications.open}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to="/account/notifications">{t.notifications.emailChoices}</Link>
      </p>
    </section>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
