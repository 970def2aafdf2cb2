// The roster template (issue 20 item 6): an XLSX whose first sheet has the Vietnamese headers the
// import recognises (the same words as the page's column choices), two example rows, and a second
// sheet of instructions. exceljs is loaded on the first download, not at start-up.
import { t } from "~/i18n/vi";
import type { Field } from "./roster-fields";

/** The columns of the template, in order: the import maps each header back to its field by name. */
export const TEMPLATE_FIELDS: Field[] = ["staffCode", "fullName", "unit", "position", "email"];

export async function rosterTemplate(): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  book.creator = t.app.name;
  const sheet = book.addWorksheet(t.offices.templateSheet);
  sheet.columns = TEMPLATE_FIELDS.map((f) => ({ header: t.roster.fields[f], width: f === "fullName" || f === "position" ? 32 : 20 }));
  for (const example of t.offices.templateExample) sheet.addRow(example);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  // Codes are text: "00123" must not become the number 123.
  sheet.getColumn(1).numFmt = "@";
  const help = book.addWorksheet(t.offices.templateNotesSheet);
  help.getColumn(1).width = 110;
  help.addRow([t.roster.title]).font = { bold: true };
  for (const line of t.offices.templateNotes) help.addRow([line]).alignment = { wrapText: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
