/** Characters that make a spreadsheet read a cell as a formula (CSV injection), and tab/CR which some treat alike. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell per RFC 4180: quoted when it holds a quote, comma, CR or LF, quotes doubled. A text that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed with an apostrophe,
 * as OWASP recommends, so an exported title can never execute.
 */
export function csvCell(value: string | number | boolean): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows under a header, CRLF after every record (RFC 4180). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean)[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
