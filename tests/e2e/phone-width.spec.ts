// Every page a person can reach, at 360 px (a common phone), as the role that reaches it: nothing is
// wider than the screen. The list is checked against app/routes, so a new page fails this spec until it
// is added here (or named below as not a page: a file, an export, a redirect). The quiz pages of the
// shipped courses are taken at 360 px in new-courses.spec.ts (an attempt's token cannot be guessed).
import fs from "node:fs";
import path from "node:path";
import { listAssignments } from "~/assignments/assignments.server";
import { authoringList, copyRepoCourse } from "~/courses/authoring.server";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { findByIdentifier } from "~/people/officials.server";
import { getUnitByCode } from "~/units/tree.server";
import { sql } from "drizzle-orm";
import { row } from "~/db/client.server";
import { expect, horizontalOverflow, signInAs, test } from "./fixtures";

/** Route files that are not pages someone reads on a phone, and why. */
const NOT_PAGES: Record<string, string> = {
  "$.tsx": "the not-found page (crawled for its words in crawl.spec.ts)",
  "logout.tsx": "a POST that redirects",
  "course-files.$slug.$file.tsx": "a lesson's image file",
  "admin.import.report[.]csv.tsx": "a CSV download",
  "admin.audit[.]xlsx.tsx": "an XLSX download",
  "admin.people[.]xlsx.tsx": "an XLSX download",
  "admin.people.bulk.tsx": "answers POSTs (a GET only says to choose people): admin-people-bulk.spec.ts takes its pages at 360 px",
  "reports.$unitId.chi-so.export[.]xlsx.tsx": "an XLSX download",
  "admin.import.upload.tsx": "the upload endpoint, redirects to the dry run",
  "admin.import.template[.]xlsx.tsx": "the roster template, an XLSX download",
  "reports.$unitId.export[.]csv.tsx": "a CSV download",
  "reports.$unitId.export[.]xlsx.tsx": "an XLSX download",
  "reports.$unitId.assignments.$assignmentId.export[.]csv.tsx": "a CSV download",
  "reports.$unitId.assignments.$assignmentId.export[.]xlsx.tsx": "an XLSX download",
  "courses.$slug.quiz.$token.tsx": "an attempt: new-courses.spec.ts takes it at 360 px",
  "trainer.courses.$courseId.quiz[.]gift.tsx": "a GIFT download",
  "trainer.courses.$courseId.quiz-template[.]xlsx.tsx": "an XLSX download",
  "my.assignments[.]ics.tsx": "an iCalendar download (assignments-home.spec.ts parses it)",
  "certificates.$file.tsx": "a certificate's PDF / VC-JWT / JSON download",
  "certificates.issuer.tsx": "the issuer profile, JSON",
  "certificates.keys[.]json.tsx": "the issuer's public keys, JSON",
  "units.$unitId.certificates[.]zip.tsx": "a ZIP download",
  "trainer.courses.$courseId.lessons.$key_.preview.tsx":
    "the lesson editor's live preview, HTML pieces as JSON (lesson-editor-gate.spec.ts)",
  "admin.units_.suggest.tsx": "unit suggestions as JSON, for the unit picker at national scale (unit-picker.test.ts)",
  "progress.started.tsx": "the lesson page's 'started' POST, answering 204 (learner-courses.spec.ts)",
};

const SLUG = "dich-vu-cong-truc-tuyen";

async function pages(): Promise<{ who: string | null; route: string; url: string }[]> {
  const course = (await publishedCourse(SLUG))!;
  const lesson = (await lessonsOf(course.currentVersionId!))[0]!;
  const tanthanh = (await getUnitByCode("LA-TT"))!;
  const canbo = (await findByIdentifier("canbo"))!;
  const trainer = (await findByIdentifier("giangvien"))!;
  // A browser-authored course to edit: the copy of a shipped one (made once, reused by reruns).
  let appCourse = (await authoringList()).find((c) => c.source === "app" && c.title.includes(course.title));
  if (!appCourse) {
    await copyRepoCourse(course.id, trainer.id);
    appCourse = (await authoringList()).find((c) => c.source === "app" && c.title.includes(course.title))!;
  }
  const lessonKey = (await lessonsOf(course.currentVersionId!))[1]!.key;
  const unit = tanthanh.id;
  const oneStop = (await row<{ id: number }>(sql`SELECT id FROM assignments WHERE note LIKE ${"%Một cửa%Tân Thạnh"} ORDER BY id LIMIT 1`))!
    .id;
  // The demo's assignment to Tân Thạnh's one-stop staff, as its manager sees it.
  const assignment = (await listAssignments({ id: 0, admin: false, scopePath: tanthanh.path }))[0]!;
  // A certificate of the demo's simulated learning, and its holder (issue 17).
  const cert = (await row<{ number: string; checkCode: string; username: string }>(
    sql`SELECT c.number, c.check_code AS "checkCode", o.username FROM certificates c JOIN officials o ON o.id = c.official_id ORDER BY c.id LIMIT 1`,
  ))!;
  return [
    { who: null, route: "verify._index.tsx", url: "/verify" },
    { who: null, route: "verify.$number.tsx", url: `/verify/${cert.number}?code=${cert.checkCode}` },
    { who: cert.username, route: "my.certificates.tsx", url: "/my/certificates" },
    { who: "quantri", route: "admin.certificates.tsx", url: `/admin/certificates?number=${cert.number}` },
    { who: null, route: "login.tsx", url: "/login" },
    { who: "canbo", route: "_index.tsx", url: "/" },
    // The manager's home: the assignments of the unit first (issue 15 item 6).
    { who: "lanhdao.tanthanh", route: "_index.tsx", url: "/" },
    { who: "canbo", route: "courses._index.tsx", url: "/courses" },
    { who: "canbo", route: "courses.$slug._index.tsx", url: `/courses/${SLUG}` },
    { who: "canbo", route: "courses.$slug.$lessonKey.tsx", url: `/courses/${SLUG}/${lesson.key}` },
    { who: "canbo", route: "courses.$slug.quiz._index.tsx", url: `/courses/${SLUG}/quiz` },
    { who: "canbo", route: "account.password.tsx", url: "/account/password" },
    { who: "lanhdao.tanthanh", route: "reports._index.tsx", url: "/reports" },
    { who: "lanhdao.tanthanh", route: "reports.$unitId._index.tsx", url: `/reports/${unit}` },
    { who: "lanhdao.tanthanh", route: "reports.$unitId.officials._index.tsx", url: `/reports/${unit}/officials` },
    { who: "lanhdao.tanthanh", route: "reports.$unitId.officials.$officialId.tsx", url: `/reports/${unit}/officials/${canbo.id}` },
    { who: "lanhdao.tanthanh", route: "reports.$unitId.print.tsx", url: `/reports/${unit}/print` },
    // Adoption indicators beside training (issue 18): the unit's page and the managers' entry page.
    { who: "lanhdao.tanthanh", route: "reports.$unitId.chi-so._index.tsx", url: `/reports/${unit}/chi-so` },
    { who: "lanhdao.tanthanh", route: "reports.$unitId.chi-so.nhap.tsx", url: `/reports/${unit}/chi-so/nhap` },
    { who: "lanhdao.tanthanh", route: "reports.$unitId.chi-so.print.tsx", url: `/reports/${unit}/chi-so/print` },
    { who: "quantri", route: "admin.indicators.tsx", url: "/admin/indicators" },
    {
      who: "lanhdao.tanthanh",
      route: "reports.$unitId.assignments.$assignmentId._index.tsx",
      url: `/reports/${unit}/assignments/${oneStop}`,
    },
    {
      who: "lanhdao.tanthanh",
      route: "reports.$unitId.assignments.$assignmentId.people.tsx",
      url: `/reports/${unit}/assignments/${oneStop}/people`,
    },
    // "Nhắc người quá hạn": the confirmation page before the reminder is sent (issue 16 item 3).
    {
      who: "lanhdao.tanthanh",
      route: "reports.$unitId.assignments.$assignmentId.remind.tsx",
      url: `/reports/${unit}/assignments/${oneStop}/remind`,
    },
    { who: "lanhdao.tanthanh", route: "units._index.tsx", url: "/units" },
    { who: "lanhdao.tanthanh", route: "units.$unitId.tsx", url: `/units/${unit}` },
    { who: "lanhdao.tanthanh", route: "assignments._index.tsx", url: "/assignments" },
    { who: "lanhdao.tanthanh", route: "assignments.new.tsx", url: "/assignments/new" },
    { who: "lanhdao.tanthanh", route: "assignments.$assignmentId.tsx", url: `/assignments/${assignment.id}` },
    { who: "giangvien", route: "trainer._index.tsx", url: "/trainer" },
    { who: "giangvien", route: "trainer.courses.$courseId._index.tsx", url: `/trainer/courses/${appCourse.id}` },
    { who: "giangvien", route: "trainer.courses.$courseId.lessons.$key.tsx", url: `/trainer/courses/${appCourse.id}/lessons/${lessonKey}` },
    { who: "giangvien", route: "trainer.courses.$courseId.quiz.tsx", url: `/trainer/courses/${appCourse.id}/quiz` },
    { who: "giangvien", route: "trainer.courses.$courseId.quiz-import.tsx", url: `/trainer/courses/${appCourse.id}/quiz-import` },
    { who: "giangvien", route: "trainer.courses.$courseId.quiz-preview.tsx", url: `/trainer/courses/${appCourse.id}/quiz-preview` },
    { who: "giangvien", route: "trainer.quizzes._index.tsx", url: "/trainer/quizzes" },
    { who: "giangvien", route: "trainer.quizzes.$slug.tsx", url: `/trainer/quizzes/${SLUG}` },
    { who: "quantri", route: "admin._index.tsx", url: "/admin" },
    { who: "quantri", route: "admin.audit.tsx", url: "/admin/audit" },
    { who: "quantri", route: "admin.mail.tsx", url: "/admin/mail" },
    { who: "canbo", route: "account.notifications.tsx", url: "/account/notifications" },
    { who: "canbo", route: "notifications.tsx", url: "/notifications" },
    { who: "quantri", route: "admin.content.tsx", url: "/admin/content" },
    { who: "quantri", route: "admin.import.tsx", url: "/admin/import" },
    { who: "quantri", route: "admin.people._index.tsx", url: "/admin/people" },
    { who: "quantri", route: "admin.people.$officialId.tsx", url: `/admin/people/${canbo.id}` },
    { who: "quantri", route: "admin.targets.tsx", url: "/admin/targets" },
    { who: "quantri", route: "admin.units.tsx", url: "/admin/units" },
  ];
}

test("every page a person reaches is listed here (or named as not a page)", async () => {
  const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.tsx?$/.test(f));
  const listed = new Set((await pages()).map((p) => p.route));
  const missing = files.filter((f) => !listed.has(f) && !(f in NOT_PAGES));
  expect(missing, "route files neither checked at 360 px nor named as not a page").toEqual([]);
});

for (const js of [true, false]) {
  test.describe(js ? "at 360 px" : "at 360 px without JavaScript", () => {
    test.use({
      viewport: { width: 360, height: 740 },
      javaScriptEnabled: js,
      allowedErrors: js ? [] : [/^request failed: GET \S+\/build\/\S+\.js csp$/],
    });

    test("no page is wider than the screen", async ({ page, context }) => {
      test.setTimeout(180_000);
      const wide: string[] = [];
      let current = "";
      page.on("pageerror", (err) => wide.push(`${current}: page error ${err.message}`));
      for (const p of await pages()) {
        current = p.url;
        await context.clearCookies();
        if (p.who) await signInAs(page, p.who);
        const response = await page.goto(p.url);
        await page.waitForLoadState("networkidle");
        expect(response?.status(), `${p.who ?? "nobody"} ${p.url}`).toBe(200);
        const { overflow, culprits } = await horizontalOverflow(page);
        if (overflow > 1) wide.push(`${p.url} (${p.who ?? "nobody"}): ${overflow}px too wide — ${culprits.join("; ")}`);
        // The page itself never scrolls sideways (a wide table scrolls inside its own box).
        const sideways = await page.evaluate(() => {
          const root = document.scrollingElement!;
          return root.scrollWidth - root.clientWidth;
        });
        if (sideways > 0) wide.push(`${p.url} (${p.who ?? "nobody"}): scrolls sideways by ${sideways}px`);
        // The header leaves the screen to the page: at most 15 % of 740 px (issue 20 item 3).
        const header = await page.locator(".site-header").evaluate((el) => el.getBoundingClientRect().height);
        if (header > 111) wide.push(`${p.url} (${p.who ?? "nobody"}): header ${Math.round(header)}px high (at most 111)`);
      }
      expect(wide, wide.join("\n")).toEqual([]);
    });
  });
}

test.describe("a wide table at 360 px", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("scrolls inside its box with its first column kept in view (issue 20 item 3)", async ({ page }) => {
    const tanthanh = (await getUnitByCode("LA-TT"))!;
    await signInAs(page, "lanhdao.tanthanh");
    await page.goto(`/reports/${tanthanh.id}`);
    const wrap = page.locator(".table-wrap", { has: page.getByTestId("children") });
    const first = page.getByTestId("children").locator("tbody tr").first().locator("th");
    const before = await first.boundingBox();
    const scrolled = await wrap.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      return el.scrollLeft;
    });
    expect(scrolled, "the table is wider than the phone: it scrolls").toBeGreaterThan(50);
    const after = await first.boundingBox();
    expect(Math.round(after!.x), "the unit's name stays where it was").toBe(Math.round(before!.x));
    expect(after!.x).toBeGreaterThanOrEqual(0);
  });
});
