import path from "node:path";

export const TMP_DIR = path.resolve(process.cwd(), "tests/.tmp");
export const TEMPLATE_DB = path.join(TMP_DIR, "template.db");
export const SEEDED_TEMPLATE_DB = path.join(TMP_DIR, "template-seeded.db");
