// Rows that never change once written — a course version's lessons, their stored HTML and its quiz
// (content sync and publishing add versions; nothing updates or deletes one) — read once per process
// instead of on every page (issue 19 item 5: the lesson page read the same version's lessons three
// times a request). Kept per open database (a test that opens another starts empty), at most `max`
// keys (past that the cache starts again), never filled inside a transaction (whose writes could
// still roll back). Values are frozen: a caller that tried to change a shared one would throw.
import { databaseIdentity, inTransaction } from "./client.server";

export function immutableCache<K, V>(max: number) {
  const perDatabase = new WeakMap<object, Map<K, Promise<V>>>();
  return (key: K, read: () => Promise<V>): Promise<V> => {
    if (inTransaction()) return read();
    const id = databaseIdentity();
    let kept = perDatabase.get(id);
    if (!kept) perDatabase.set(id, (kept = new Map()));
    const hit = kept.get(key);
    if (hit) return hit;
    if (kept.size >= max) kept.clear();
    const map = kept;
    const value = read().then(deepFreeze);
    map.set(key, value);
    value.catch(() => map.delete(key));
    return value;
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
