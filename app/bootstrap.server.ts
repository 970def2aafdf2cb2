// Everything the server does once before it accepts requests: migrate and bring content/ into the
// database (compiling only what changed). The server never seeds anything: the demo is made only by
// an explicit command (`npm run db:setup -- --demo`, which `npm start` runs), so a production start on
// an empty database has no accounts at all until `npm run admin:create` makes the first administrator.
import { backfillCertificates } from "~/certificates/issue.server";
import { signingKey } from "~/certificates/keys.server";
import { syncContent } from "~/courses/sync.server";
import { runMigrations, withProcessLock } from "~/db/client.server";
import { ensureIndicatorCatalogue } from "~/indicators/catalogue.server";
import { env } from "~/env.server";
import { fillMissingSortNames } from "~/people/directory.server";
import { fillMissingNameKeys } from "~/people/name-keys.server";
import { hasAdministrator } from "~/people/first-admin.server";
import { t } from "~/i18n/vi";

let done: Promise<void> | undefined;

export function bootstrap(): Promise<void> {
  done ??= (async () => {
    await runMigrations();
    // Several app processes may start at once on one PostgreSQL database: one syncs, the others wait
    // and then find nothing changed.
    const reports = await withProcessLock("content-sync", () => syncContent());
    const updated = reports.filter((r) => r.status === "updated").length;
    const broken = reports.filter((r) => r.status === "broken").length;
    console.log(t.console.contentSynced(String(reports.length), String(updated), String(broken)));
    // The indicator catalogue is reference data (docs/decisions/0035): created once per code, linked to
    // the courses the sync has just brought in.
    await withProcessLock("indicator-catalogue", () => ensureIndicatorCatalogue());
    // Names written before officials.sort_name existed get their sort key (docs/decisions/0038).
    await withProcessLock("people-sort-names", () => fillMissingSortNames());
    // …and their name-search keys (docs/decisions/0046).
    await withProcessLock("people-name-keys", () => fillMissingNameKeys());
    // The certificate signing key (made once, race-free), then, in the background once the server
    // serves, certificates for completions recorded before certificates existed (docs/decisions/0029):
    // millions of them would otherwise keep a national upgrade from starting for hours. One process
    // does it; the others find none left.
    await signingKey();
    if (env().CERTIFICATE_BACKFILL === "on")
      setTimeout(() => {
        void withProcessLock("certificates-backfill", () => backfillCertificates()).catch((error: unknown) =>
          console.error(t.console.certificateBackfillFailed, error),
        );
      }, 1000).unref();
    if (!(await hasAdministrator())) {
      console.log(t.console.noAdministrator);
    }
  })();
  return done;
}

/** In development, an edited lesson shows up on reload: re-hash content/ before serving it. */
export async function freshContent() {
  if (env().NODE_ENV === "development") await syncContent();
}
