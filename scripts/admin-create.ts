// npm run admin:create -- --username quantri.tinh --unit "Tỉnh Tây Ninh" [--name "Nguyễn Văn An"]
// The first administrator of a real deployment (a production start seeds nothing). Prints a one-time
// password that must be changed at first sign-in. On an empty database the unit is created as the root.
import { parseArgs } from "node:util";
import { closeDb, runMigrations } from "~/db/client.server";
import { t } from "~/i18n/vi";
import { AdminCreateError, createAdministrator } from "~/people/first-admin.server";

function fail(message: string): never {
  console.error(message);
  void closeDb(); // SQLite closes at once; exiting ends a PostgreSQL pool
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      username: { type: "string" },
      unit: { type: "string" },
      name: { type: "string" },
      email: { type: "string" },
      "unit-kind": { type: "string" },
      "unit-code": { type: "string" },
    },
    strict: true,
  }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${t.firstAdmin.usage}`);
}
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const username = str(values.username);
const unit = str(values.unit);
if (!username || !unit) fail(t.firstAdmin.usage);

await runMigrations();
try {
  const created = await createAdministrator({
    username,
    unit,
    fullName: str(values.name),
    email: str(values.email),
    unitKind: str(values["unit-kind"]),
    unitCode: str(values["unit-code"]),
  });
  if (created.unitCreated) console.log(t.firstAdmin.unitCreated(created.unit.name, created.unit.code));
  console.log(t.firstAdmin.created(created.username, created.unit.name));
  console.log(t.firstAdmin.password(created.password));
  console.log(t.firstAdmin.passwordNote);
  await closeDb();
} catch (error) {
  if (error instanceof AdminCreateError) fail(error.message);
  throw error;
}
