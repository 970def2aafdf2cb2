// Vietnamese messages for every zod issue, set once for the whole process (zod 4's z.config): a
// schema without its own message never shows zod's English default ("Invalid input: expected
// string…", "Too big…"). Messages a schema gives itself still win. Imported for its effect by
// app/ui/form.server.ts and app/entry.server.tsx; importing it twice is harmless.
import { z } from "zod";
import { formatNumber } from "./format";
import { t } from "./vi";

type Issue = Parameters<NonNullable<z.core.$ZodConfig["customError"]>>[0];

const n = (value: unknown) => formatNumber(Number(value));

export function vietnameseIssue(issue: Issue): string {
  const i = issue as Issue & Record<string, unknown>;
  switch (issue.code) {
    case "invalid_type": {
      if (i.input === undefined || i.input === null || i.input === "") return t.inputs.required;
      if (i.expected === "int") return t.inputs.notInteger;
      if (i.expected === "number" || i.expected === "bigint" || i.expected === "nan") return t.inputs.notNumber;
      return t.inputs.invalid;
    }
    case "too_big": {
      if (i.origin === "string") return t.inputs.tooLong(n(i.maximum));
      if (i.origin === "array" || i.origin === "set") return t.inputs.tooMany(n(i.maximum));
      if (i.origin === "number" || i.origin === "int" || i.origin === "bigint") return t.inputs.tooBig(n(i.maximum));
      return t.inputs.invalid;
    }
    case "too_small": {
      if (i.origin === "string") return Number(i.minimum) <= 1 ? t.inputs.required : t.inputs.tooShort(n(i.minimum));
      if (i.origin === "array" || i.origin === "set") return t.inputs.tooFew(n(i.minimum));
      if (i.origin === "number" || i.origin === "int" || i.origin === "bigint") return t.inputs.tooSmall(n(i.minimum));
      return t.inputs.invalid;
    }
    case "invalid_format":
      return i.format === "email" ? t.inputs.badEmail : t.inputs.badFormat;
    case "not_multiple_of":
      return Number(i.divisor) === 1 ? t.inputs.notInteger : t.inputs.invalid;
    case "invalid_value":
      return t.inputs.badChoice;
    default:
      return t.inputs.invalid;
  }
}

z.config({ customError: vietnameseIssue });
