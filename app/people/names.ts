// Vietnamese names: họ, đệm and tên are stored apart, because "the last word is the given name"
// fails for compound given names (tên "Bình Minh") and compound surnames (họ "Hoàng Phủ").
import { foldVietnamese, viCollator } from "~/i18n/format";

export type NameParts = { ho: string; dem: string; ten: string };

/** "Nguyễn Văn An" */
export function fullName(p: NameParts): string {
  return [p.ho, p.dem, p.ten].filter((s) => s.trim() !== "").join(" ");
}

/** Sort by tên, then họ, then đệm, with the Vietnamese collator. */
export function compareNames(a: NameParts, b: NameParts): number {
  return viCollator.compare(a.ten, b.ten) || viCollator.compare(a.ho, b.ho) || viCollator.compare(a.dem, b.dem);
}

export function sortByName<T extends NameParts>(rows: readonly T[]): T[] {
  return [...rows].sort(compareNames);
}

export function searchNameOf(p: NameParts): string {
  return foldVietnamese(fullName(p));
}

/**
 * The name-search keys of a folded name (decision 0046): every rotation of its words, so a query
 * matches any run of whole words from a word start as one prefix range over the keys.
 * "nguyen van an" → "nguyen van an", "van an nguyen", "an nguyen van". Repeated rotations (a name like
 * "an an") are given once. The one place the keys are made: tests check the stored keys against it.
 */
export function nameKeysOf(searchName: string): string[] {
  const words = searchName.split(" ").filter((w) => w !== "");
  const keys = words.map((_, i) => [...words.slice(i), ...words.slice(0, i)].join(" "));
  return [...new Set(keys)];
}

/**
 * Does a folded name match a folded query the way the keys do: the query is a prefix of one of the
 * name's rotations, i.e. it starts at a word start and runs on through the following words (wrapping
 * round after the last). "van a" matches "nguyen van an"; "guyen" does not.
 */
export function nameMatches(searchName: string, folded: string): boolean {
  if (folded === "") return true;
  return nameKeysOf(searchName).some((k) => k.startsWith(folded));
}

/** The least string above every string that starts with `prefix` (in code point order = UTF-8 byte order). */
export function prefixUpperBound(prefix: string): string {
  const points = [...prefix];
  const last = points.pop();
  if (last === undefined) return "\u{10FFFF}";
  let next = last.codePointAt(0)! + 1;
  if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
  return points.join("") + String.fromCodePoint(next);
}
