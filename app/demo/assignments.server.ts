// The demo's assignments (issue 15 item 8), made before the twelve weeks of simulated learning so
// the figures grow as the learning is recorded, exactly as in live use:
// - the one-stop staff of Tân Thạnh's communes: online public services, due three weeks ago (some
//   finished on time, some late, some overdue);
// - everyone in the province: information security, due in a month;
// - the other courses marked mandatory in their course.yaml: the whole province, no due day (what
//   the migration does with an existing database's mandatory courses).
import { sql } from "drizzle-orm";
import { createAssignment, type Actor } from "~/assignments/assignments.server";
import { buildAssignments } from "~/assignments/members.server";
import { row, rows } from "~/db/client.server";
import { NO_DUE_DAY } from "~/db/schema";
import { addDays } from "~/i18n/time";
import { DEMO_ASSIGNMENT_NOTES, DEMO_ONE_STOP_POSITIONS } from "./data";

export { DEMO_ONE_STOP_POSITIONS };

export async function seedDemoAssignments(start: string, today: string) {
  const admin = await row<{ id: number }>(sql`SELECT id FROM officials WHERE username = 'quantri'`);
  const actor: Actor = { id: admin?.id ?? 0, admin: true, scopePath: null };
  const unitId = async (code: string) =>
    (await row<{ id: number }>(sql`SELECT id FROM units WHERE code = ${code} AND valid_to IS NULL`))!.id;
  const courses = await rows<{ id: number; slug: string; mandatory: number | boolean }>(
    sql`SELECT id, slug, mandatory FROM courses WHERE current_version_id IS NOT NULL AND retired_at IS NULL ORDER BY sort_order, id`,
  );
  const province = await unitId("LA");
  const base = { officialIds: [], roles: [], graceDays: 30, startOn: start };
  const online = courses.find((c) => c.slug === "dich-vu-cong-truc-tuyen");
  const security = courses.find((c) => c.slug === "an-toan-thong-tin-can-bo");
  if (online)
    await createAssignment(actor, {
      ...base,
      courseId: online.id,
      unitIds: [await unitId("LA-TT")],
      positions: DEMO_ONE_STOP_POSITIONS,
      dueOn: addDays(today, -21),
      note: DEMO_ASSIGNMENT_NOTES.oneStop,
    });
  if (security)
    await createAssignment(actor, {
      ...base,
      courseId: security.id,
      unitIds: [province],
      positions: [],
      dueOn: addDays(today, 30),
      note: DEMO_ASSIGNMENT_NOTES.everyone,
    });
  // (Not the two assigned above: one course, one assignment per person in the demo, so its pages read simply.)
  for (const c of courses.filter((c) => Boolean(c.mandatory) && c.id !== security?.id && c.id !== online?.id))
    await createAssignment(actor, { ...base, courseId: c.id, unitIds: [province], positions: [], dueOn: NO_DUE_DAY, note: "" });
  await buildAssignments();
}
