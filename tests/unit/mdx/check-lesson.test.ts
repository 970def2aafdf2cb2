// `npm run check:lesson -- FILE…`: the browser editor's gate on files, one `file:line:column message`
// per problem, exit 1 when any file is refused.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { closeGatePool } from "~/mdx/gate-pool.server";
import { main } from "../../../scripts/cli/check-lesson";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taphuan-check-lesson-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const good = path.join(dir, "bai-tot.mdx");
fs.writeFileSync(
  good,
  "## Mở đầu\r\n\r\nKính gửi {họ tên}, thời hạn <5 ngày. Xem <https://dichvucong.gov.vn>.\r\n\r\n<!-- ghi chú -->\r\n\r\n    mã lệnh\r\n\r\n![Ảnh](anh.png)\r\n",
);
fs.writeFileSync(path.join(dir, "anh.png"), "");
const bad = path.join(dir, "bai-loi.mdx");
fs.writeFileSync(bad, "Dòng một.\n\nDòng hai {1+1}.\n\n<Danger>chữ</Danger>\n");

// The command in-process (its main(), what the entry point runs), and once as a real process: the
// refused case, which proves the entry point wires main() to argv, stdout and the exit code.
const run = async (...files: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(files, { out: (line) => out.push(line + "\n"), err: (line) => err.push(line + "\n") });
  return { status, stdout: out.join(""), stderr: err.join("") };
};
const spawned = (...files: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "scripts/check-lesson.ts", ...files], { encoding: "utf8", timeout: 120_000 });
after(() => closeGatePool());

describe("npm run check:lesson", () => {
  test("a good lesson passes with exit 0", async () => {
    const r = await run(good);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /bai-tot\.mdx: hợp lệ/);
  });

  test("a refused lesson prints file:line:column message for each problem and exits 1 (a real process)", () => {
    const r = spawned(good, bad);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith(bad));
    assert.deepEqual(
      lines.map((l) => l.slice(bad.length).split(" ")[0]),
      [":3:10", ":5:1"],
    );
    assert.match(lines[0]!, /Không dùng biểu thức JavaScript/);
    assert.match(lines[1]!, /Thành phần <Danger> không được phép/);
    assert.match(r.stdout, /1\/2 tệp bị từ chối\./);
  });

  test("without a file it says how to use it", async () => {
    const r = await run();
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Cách dùng: npm run check:lesson/);
  });
});
