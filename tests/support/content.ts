// A private copy of content/ for tests that edit or break lessons.
import fs from "node:fs";
import path from "node:path";
import { resetEnvForTests } from "~/env.server";
import { TMP_DIR } from "./paths";

export function useContentCopy(): string {
  const dir = path.join(TMP_DIR, `content-${process.pid}-${Date.now()}`);
  fs.cpSync(path.resolve("content"), dir, { recursive: true });
  process.env.CONTENT_DIR = dir;
  resetEnvForTests();
  return dir;
}

export function dropContentCopy(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  delete process.env.CONTENT_DIR;
  resetEnvForTests();
}
