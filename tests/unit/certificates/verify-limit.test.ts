// Issue 17 item 7: the public check page needs no sign-in, so it is limited per address — guessing
// number/code pairs stops after RATE_LIMITS.verifyPerAddress tries a minute, with a Vietnamese 429.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import express from "express";
import { RATE_LIMITS, rateLimits } from "~/http/guards.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let server: http.Server;
let base = "";
let database = "";

before(async () => {
  database = await useTestDatabase();
  const app = express();
  app.set("trust proxy", "loopback");
  app.use(rateLimits(1));
  app.all("*", (_req, res) => {
    res.type("text").send("ok");
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.close();
  await dropTestDatabase(database);
});

describe("the public check is rate-limited per address", () => {
  test("after the limit a Vietnamese 429, for /verify/<number> and the /verify form alike; other pages are not affected", async () => {
    const limit = RATE_LIMITS.verifyPerAddress.limit;
    for (let i = 0; i < limit; i++) {
      const url = i % 2 ? `/verify/TH-2026-${String(i).padStart(6, "0")}?code=AAAAAAAA` : `/verify?number=TH-2026-000001&code=${i}`;
      assert.equal((await fetch(`${base}${url}`)).status, 200, `try ${i + 1}`);
    }
    const refused = await fetch(`${base}/verify/TH-2026-000123?code=ABCDEFGH`);
    assert.equal(refused.status, 429);
    assert.match(await refused.text(), /Quá nhiều yêu cầu/);
    assert.equal((await fetch(`${base}/verify`)).status, 429);
    assert.equal((await fetch(`${base}/courses`)).status, 200);
  });
});
