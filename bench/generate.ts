// Generates a report-scale database on the fly: units, officials, ten courses, progress rows and the
// rollups those rows imply. Rows are inserted in bulk (going through the per-event functions would take
// hours at national scale); the rollups are accumulated in the same pass with the same rule as
// app/figures/rollups.server.ts (the unit and every ancestor, per course and day). The bench checks
// the generated rollups against direct counts before measuring, and tests/unit/reports/rollups.test.ts
// proves the per-event path produces exactly such rollups.
import fs from "node:fs";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { migrationsFolder } from "~/db/client.server";
import { seededRandom } from "~/demo/seed.server";
import { dayOf } from "~/i18n/time";
import { nameKeysOf, searchNameOf } from "~/people/names";
import { sortKeyOf } from "~/people/sort-key";

export type Scale = {
  name: string;
  /** Units per level below the root, e.g. [34, 100] = 34 provinces of 100 communes each. */
  fanout: number[];
  kinds: ("country" | "province" | "district" | "commune")[];
  officials: number;
  /** Share of (official, course) pairs started, and of those completed. */
  startedShare: number;
  completedShare: number;
  /** Also write one lesson_progress row per lesson done (the "progress events"). */
  lessonRows: boolean;
  days: number;
};

export const PROVINCE: Scale = {
  name: "province",
  fanout: [15, 16],
  kinds: ["province", "district", "commune"],
  officials: 40_000,
  startedShare: 0.6,
  completedShare: 0.7,
  lessonRows: true,
  days: 120,
};

export const NATIONAL: Scale = {
  name: "national",
  fanout: [34, 100],
  kinds: ["country", "province", "commune"],
  officials: 2_500_000,
  startedShare: 0.4,
  completedShare: 0.6,
  lessonRows: false,
  days: 90,
};

/** Quick mode (BENCH_QUICK=1): a dozen communes, seconds to generate. */
export const QUICK_SCALE: Scale = {
  name: "quick",
  fanout: [3, 4],
  kinds: ["province", "district", "commune"],
  officials: 2_000,
  startedShare: 0.6,
  completedShare: 0.7,
  lessonRows: true,
  days: 30,
};

const COURSES = 10;
const LESSONS = 5;
const MANDATORY = 6;

export function generate(file: string, scale: Scale) {
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -400000");
  migrate(drizzle(sqlite), { migrationsFolder: migrationsFolder("sqlite") });
  const rand = seededRandom(2025);
  const t0 = Date.now();

  // Units: a root and the fanout levels, with materialized paths.
  const insertUnit = sqlite.prepare(
    "INSERT INTO units (id, parent_id, path, depth, kind, code, name, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, '2020-01-01')",
  );
  const leaves: { id: number; path: string }[] = [];
  let nextId = 1;
  sqlite.transaction(() => {
    const root = { id: nextId++, path: "/1/" };
    insertUnit.run(root.id, null, root.path, 0, scale.kinds[0], "ROOT", scale.kinds[0] === "country" ? "Toàn quốc" : "Tỉnh Mẫu");
    let level = [root];
    scale.fanout.forEach((n, depth) => {
      const next: { id: number; path: string }[] = [];
      for (const parent of level) {
        for (let i = 0; i < n; i++) {
          const id = nextId++;
          const path = `${parent.path}${id}/`;
          const kind = scale.kinds[depth + 1]!;
          insertUnit.run(
            id,
            parent.id,
            path,
            depth + 1,
            kind,
            `U${id}`,
            `${kind === "commune" ? "Xã" : kind === "district" ? "Huyện" : "Tỉnh"} ${id}`,
          );
          next.push({ id, path });
        }
      }
      level = next;
    });
    leaves.push(...level);
  })();

  // Ten courses with five lessons each, stored as "app" courses so a content sync leaves them alone.
  const courseIds: number[] = [];
  const versionIds: number[] = [];
  const lessonIds: number[][] = [];
  sqlite.transaction(() => {
    for (let c = 1; c <= COURSES; c++) {
      const course = sqlite
        .prepare(
          "INSERT INTO courses (slug, source, title, minutes, mandatory, sort_order, search_text) VALUES (?, 'app', ?, 30, ?, ?, ?) RETURNING id",
        )
        .get(`khoa-${c}`, `Khoá học số ${c}`, c <= MANDATORY ? 1 : 0, c, `khoa hoc so ${c}`) as { id: number };
      const version = sqlite
        .prepare("INSERT INTO course_versions (course_id, number, content_hash) VALUES (?, 1, 'bench') RETURNING id")
        .get(course.id) as { id: number };
      const ids: number[] = [];
      for (let l = 1; l <= LESSONS; l++) {
        const lesson = sqlite
          .prepare("INSERT INTO lessons (course_id, lesson_key) VALUES (?, ?) RETURNING id")
          .get(course.id, `bai-${l}`) as { id: number };
        sqlite
          .prepare(
            "INSERT INTO lesson_versions (course_version_id, lesson_id, position, file_name, title, minutes, source, source_hash, html, toc, words) VALUES (?, ?, ?, ?, ?, 5, '', ?, '<h2 id=\"a\">A</h2><p>Nội dung.</p>', '[]', 3)",
          )
          .run(version.id, lesson.id, l, `0${l}-bai-${l}.mdx`, `Bài ${l}`, `bench-${c}-${l}`);
        ids.push(lesson.id);
      }
      sqlite.prepare("UPDATE courses SET current_version_id = ? WHERE id = ?").run(version.id, course.id);
      courseIds.push(course.id);
      versionIds.push(version.id);
      lessonIds.push(ids);
    }
  })();

  // Officials, their progress, and the rollups, in one pass.
  const insertOfficial = sqlite.prepare(
    "INSERT INTO officials (id, staff_code, username, ho, dem, ten, search_name, sort_name, position, unit_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Công chức', ?, '2020-01-01', '2020-01-01')",
  );
  // Its name-search keys, as the app writes them with every name (decision 0046).
  const insertKey = sqlite.prepare("INSERT OR IGNORE INTO official_name_keys (key, official_id) VALUES (?, ?)");
  const insertStatus = sqlite.prepare(
    "INSERT INTO course_status (official_id, course_id, epoch, started_at, completed_at) VALUES (?, ?, 1, ?, ?)",
  );
  // A completion is also its course_completions row (what the app writes on completion, and what an
  // assignment's builder reads as "finished before the assignment").
  const insertCompletion = sqlite.prepare(
    "INSERT INTO course_completions (official_id, course_id, epoch, course_version_id, completed_at) VALUES (?, ?, 1, ?, ?)",
  );
  const insertLesson = sqlite.prepare("INSERT INTO lesson_progress (official_id, lesson_id, started_at, completed_at) VALUES (?, ?, ?, ?)");
  const daily = new Map<string, { started: number; completed: number }>();
  const members = new Map<number, number>();
  const now = Date.UTC(2026, 10, 26, 3);
  let events = 0;
  let statusRows = 0;
  const bump = (unitPath: string, course: number, day: string, started: number, completed: number) => {
    for (const unit of unitPath.split("/").filter(Boolean)) {
      const key = `${unit}|${course}|${day}`;
      const row = daily.get(key) ?? { started: 0, completed: 0 };
      row.started += started;
      row.completed += completed;
      daily.set(key, row);
    }
  };
  const TEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Tâm", "Vy"];
  const BATCH = 50_000;
  for (let start = 0; start < scale.officials; start += BATCH) {
    sqlite.transaction(() => {
      for (let i = start; i < Math.min(scale.officials, start + BATCH); i++) {
        const id = i + 1;
        const unit = leaves[i % leaves.length]!;
        // Nearly everyone is "Nguyễn Văn <one of 12>" (the common-name searches); one in 997 is a
        // "Hoàng Phủ Thị Ngọc Diệp" (a few thousand nationally), and one person, half-way, is the only
        // "Lường Thị Mỷ" (the rare-name search). bench/reports.ts searches these.
        const name =
          i === Math.floor(scale.officials / 2)
            ? { ho: "Lường", dem: "Thị", ten: "Mỷ" }
            : i % 997 === 996
              ? { ho: "Hoàng Phủ", dem: "Thị", ten: "Ngọc Diệp" }
              : { ho: "Nguyễn", dem: "Văn", ten: TEN[i % TEN.length]! };
        const searchName = searchNameOf(name);
        // With its sort key, as the app writes every name (decision 0038): otherwise each app process
        // that opens this database would first fill millions of keys at start.
        insertOfficial.run(id, `B${id}`, `b${id}`, name.ho, name.dem, name.ten, searchName, sortKeyOf(name), unit.id);
        for (const key of nameKeysOf(searchName)) insertKey.run(key, id);
        for (const u of unit.path.split("/").filter(Boolean)) members.set(Number(u), (members.get(Number(u)) ?? 0) + 1);
        courseIds.forEach((course, ci) => {
          if (rand() > scale.startedShare) return;
          const startedAt = now - Math.floor(rand() * scale.days * 86400_000);
          const completes = rand() < scale.completedShare;
          const completedAt = completes ? Math.min(now - 60_000, startedAt + Math.floor(rand() * 14 * 86400_000)) : null;
          insertStatus.run(id, course, new Date(startedAt).toISOString(), completedAt ? new Date(completedAt).toISOString() : null);
          if (completedAt) insertCompletion.run(id, course, versionIds[ci], new Date(completedAt).toISOString());
          statusRows++;
          if (scale.lessonRows) {
            const done = completes ? LESSONS : Math.floor(rand() * LESSONS);
            for (let l = 0; l < Math.max(1, done); l++) {
              insertLesson.run(
                id,
                lessonIds[ci]![l]!,
                new Date(startedAt).toISOString(),
                l < done ? new Date(startedAt + l * 3600_000).toISOString() : null,
              );
              events += l < done ? 2 : 1;
            }
          } else {
            events += completes ? 2 : 1;
          }
          bump(unit.path, course, dayOf(startedAt), 1, 0);
          if (completedAt) bump(unit.path, course, dayOf(completedAt), 0, 1);
        });
      }
    })();
  }

  // Rollup rows: daily, totals, and head counts (everyone joined on 2020-01-01).
  const totals = new Map<string, { started: number; completed: number }>();
  const insertDaily = sqlite.prepare("INSERT INTO rollup_daily (unit_id, course_id, day, started, completed) VALUES (?, ?, ?, ?, ?)");
  sqlite.transaction(() => {
    for (const [key, v] of daily) {
      const [unit, course, day] = key.split("|");
      insertDaily.run(Number(unit), Number(course), day, v.started, v.completed);
      const tk = `${unit}|${course}`;
      const tot = totals.get(tk) ?? { started: 0, completed: 0 };
      tot.started += v.started;
      tot.completed += v.completed;
      totals.set(tk, tot);
    }
    const insertTotal = sqlite.prepare("INSERT INTO rollup_totals (unit_id, course_id, started, completed) VALUES (?, ?, ?, ?)");
    for (const [key, v] of totals) {
      const [unit, course] = key.split("|");
      insertTotal.run(Number(unit), Number(course), v.started, v.completed);
    }
    const hd = sqlite.prepare("INSERT INTO headcount_daily (unit_id, day, delta) VALUES (?, '2020-01-01', ?)");
    const ht = sqlite.prepare("INSERT INTO headcount_totals (unit_id, members) VALUES (?, ?)");
    for (const [unit, n] of members) {
      hd.run(unit, n);
      ht.run(unit, n);
    }
  })();
  sqlite.pragma("synchronous = NORMAL");
  sqlite.exec("ANALYZE");
  sqlite.close();
  return {
    units: nextId - 1,
    leaves: leaves.map((l) => l.id),
    officials: scale.officials,
    courses: courseIds,
    lessons: lessonIds,
    statusRows,
    events,
    dailyRows: daily.size,
    seconds: (Date.now() - t0) / 1000,
  };
}
