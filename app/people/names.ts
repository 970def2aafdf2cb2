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
