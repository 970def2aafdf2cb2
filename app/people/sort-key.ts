// A Vietnamese sort key for people's names (docs/decisions/0038): SQL cannot sort "tên, then họ, then
// đệm" the Vietnamese way on both engines (SQLite has no Vietnamese collation, PostgreSQL's depend on
// how the server was built), so the order is computed here, when a name is written, as plain ASCII
// whose byte order is the order of compareNames() (names.ts): a ă â b c d đ e ê … as letters of their
// own, then the tones (none, huyền, hỏi, ngã, sắc, nặng), then lower before upper case — field by field.
import type { NameParts } from "./names";

const LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";
const CODES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// Combining marks after NFD: the ones that make a letter of its own, and the tones.
const LETTER_MARKS: Record<string, Record<string, string>> = {
  a: { "\u0306": "ă", "\u0302": "â" },
  e: { "\u0302": "ê" },
  o: { "\u0302": "ô", "\u031b": "ơ" },
  u: { "\u031b": "ư" },
};
const TONES: Record<string, string> = { "\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5" };
const END = "!"; // below every other character of a key: a shorter word sorts first
const SPACE = "#"; // the collator puts a space before any letter ("An Bình" < "Anh")
const OTHER = "$"; // punctuation and anything else: after spaces, before digits and letters

/** One field's key: every letter's base (primary), then every tone (secondary), then every case (tertiary). */
function fieldKey(value: string): string {
  const chars = [...value.trim().replace(/\s+/g, " ").normalize("NFD")];
  let primary = "";
  let tones = "";
  let cases = "";
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (/\p{M}/u.test(c)) continue; // a mark whose letter is handled below, or a stray one
    const lower = c.toLowerCase();
    let letter = lower;
    let tone = "0";
    for (let j = i + 1; j < chars.length && /\p{M}/u.test(chars[j]!); j++) {
      const mark = chars[j]!;
      if (LETTER_MARKS[letter]?.[mark]) letter = LETTER_MARKS[letter]![mark]!;
      else if (TONES[mark]) tone = TONES[mark]!;
    }
    const index = LETTERS.indexOf(letter);
    primary += index >= 0 ? CODES[index] : c === " " ? SPACE : /[0-9]/.test(c) ? c : OTHER;
    tones += tone;
    cases += lower === c ? "0" : "1";
  }
  return primary + END + tones + END + cases;
}

/** The key officials.sort_name holds: ORDER BY sort_name, id is "tên, then họ, then đệm", Vietnamese-style. */
export function sortKeyOf(p: NameParts): string {
  return [fieldKey(p.ten), fieldKey(p.ho), fieldKey(p.dem)].join(END);
}
