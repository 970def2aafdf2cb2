// Every official's stored name-search keys are exactly the rotations of its folded name (decision 0046).
import assert from "node:assert/strict";
import { db } from "~/db/client.server";
import { officials } from "~/db/schema";
import { storedNameKeys } from "~/people/name-keys.server";
import { nameKeysOf } from "~/people/names";

export async function assertNameKeysMatchNames(label: string): Promise<number> {
  const people = await db().select({ id: officials.id, searchName: officials.searchName }).from(officials);
  const stored = await storedNameKeys();
  assert.ok(people.length > 0, `${label}: officials to check`);
  for (const p of people)
    assert.deepEqual(stored.get(p.id) ?? [], [...nameKeysOf(p.searchName)].sort(), `${label}: keys of official ${p.id} "${p.searchName}"`);
  const ids = new Set(people.map((p) => p.id));
  for (const id of stored.keys()) assert.ok(ids.has(id), `${label}: keys of no official (${id})`);
  return people.length;
}
