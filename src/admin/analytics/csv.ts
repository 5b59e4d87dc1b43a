import { stringify } from 'csv-stringify/sync';
import { safeCell } from '../../members/admin/csv-cells.js';

/** A table as a CSV download: the header row, then the rows, text cells made safe for spreadsheets. */
export function csvResponse(filename: string, header: string[], rows: Array<Array<string | number>>): Response {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell : safeCell(cell))));
  return new Response(stringify([header, ...cells]), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  });
}
