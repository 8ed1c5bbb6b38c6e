/**
 * links.csv: RFC 4180 (comma, CRLF, quotes doubled), UTF-8 with a BOM so that Excel reads accented names. Cells that
 * a spreadsheet would run as a formula (=, +, -, @ first) are prefixed with an apostrophe: names come from customers.
 */
export const CSV_BOM = '\uFEFF';

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(cell).join(',')}\r\n`;
}
