// Deterministic demo data: the same database on every machine, so tests and the README agree.
import { eq, sql } from "drizzle-orm";
import { hashPassword } from "~/auth/password.server";
import { officials, units } from "~/db/schema";
import { createOfficial, createOfficialsBulk } from "~/people/officials.server";
import { DEM_NAM, DEM_NU, DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TREE, HO, POSITIONS, TEN_NAM, TEN_NU, type DemoUnit } from "~/demo/data";
import { createUnit, type Unit } from "~/units/tree.server";
import { db, transaction } from "~/db/client.server";

/** mulberry32: a tiny seeded PRNG, so the demo is identical everywhere. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function isEmpty(): Promise<boolean> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)` })
    .from(units);
  return (row?.n ?? 0) === 0;
}

function headCountFor(kind: DemoUnit["kind"], rand: () => number): number {
  switch (kind) {
    case "commune":
      return 64 + Math.floor(rand() * 24);
    case "office":
      return 18 + Math.floor(rand() * 14);
    case "district":
      return 6;
    case "province":
      return 4;
  }
}

export async function isDemoDatabase(): Promise<boolean> {
  const [row] = await db().select({ id: officials.id }).from(officials).where(eq(officials.username, DEMO_ACCOUNTS[0]!.username));
  return row !== undefined;
}

export async function seedDemo(): Promise<{ units: number; officials: number }> {
  const rand = seededRandom(20231113);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const totalWeight = HO.reduce((s, [, w]) => s + w, 0);
  const pickHo = () => {
    let x = rand() * totalWeight;
    for (const [name, w] of HO) if ((x -= w) < 0) return name;
    return HO[0]![0];
  };
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return transaction(async () => {
    const byCode = new Map<string, Unit>();
    const created: { unit: Unit; kind: DemoUnit["kind"] }[] = [];
    const walk = async (node: DemoUnit, parentId: number | null) => {
      const unit = await createUnit({ code: node.code, name: node.name, kind: node.kind, parentId, validFrom: "2020-01-01" });
      byCode.set(node.code, unit);
      created.push({ unit, kind: node.kind });
      for (const child of node.children ?? []) await walk(child, unit.id);
    };
    await walk(DEMO_TREE, null);

    let seq = 0;
    const nextCode = () => `LA${String(++seq).padStart(6, "0")}`;

    for (const account of DEMO_ACCOUNTS) {
      const unit = byCode.get(account.unitCode);
      if (!unit) throw new Error(`demo unit ${account.unitCode} missing`);
      await createOfficial({
        ...account,
        staffCode: nextCode(),
        unitId: unit.id,
        passwordHash,
        // A manager manages their own unit: written down, never a fallback.
        roles: account.roles.map((role) => ({ role, scopeUnitId: role === "manager" ? unit.id : null })),
      });
    }

    // The learners: thousands of rows, inserted a few hundred per statement (createOfficialsBulk).
    const learners: Parameters<typeof createOfficialsBulk>[0] = [];
    for (const { unit, kind } of created) {
      const n = headCountFor(kind, rand);
      for (let i = 0; i < n; i++) {
        const female = rand() < 0.52;
        const staffCode = nextCode();
        learners.push({
          ho: pickHo(),
          dem: pick(female ? DEM_NU : DEM_NAM),
          ten: pick(female ? TEN_NU : TEN_NAM),
          staffCode,
          username: staffCode.toLowerCase(),
          email: null,
          position: pick(POSITIONS[kind]),
          unitId: unit.id,
        });
      }
    }
    await createOfficialsBulk(learners, "2020-01-01");
    const [row] = await db()
      .select({ n: sql<number>`count(*)` })
      .from(officials);
    const count = row?.n ?? 0;
    return { units: created.length, officials: count };
  });
}
