/**
 * Counts the fields of each CSV row as the text streams in, before Papa Parse builds the row: a file of
 * commas with no line break would otherwise become one row of tens of millions of strings. Delimiters
 * inside quotes do not count, and each candidate delimiter is counted on its own, so the real one is
 * never under-counted whichever Papa Parse picks.
 */
import { InPageError } from '../../core/errors';

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CANDIDATES = [',', ';', '\t', '|'].map((c) => c.charCodeAt(0));

export class RowWidth {
  constructor(
    private readonly maxColumns: number,
    private readonly service: string,
  ) {}

  private quoted = false;
  private row = 1;
  private readonly counts = new Map<number, number>(CANDIDATES.map((c) => [c, 0]));

  /** Reads the next piece of text; throws TOO_LARGE at the first row with more than maxColumns fields. */
  scan(text: string): void {
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) this.quoted = !this.quoted;
      else if (this.quoted) continue;
      else if (code === NEWLINE) this.nextRow();
      else {
        const count = this.counts.get(code);
        if (count === undefined) continue;
        // Fields are delimiters + 1.
        if (count + 1 >= this.maxColumns) this.refuse();
        this.counts.set(code, count + 1);
      }
    }
  }

  private nextRow(): void {
    this.row += 1;
    for (const c of CANDIDATES) this.counts.set(c, 0);
  }

  private refuse(): never {
    throw new InPageError(
      'TOO_LARGE',
      `Row ${this.row.toLocaleString('en')} has more than ${this.maxColumns.toLocaleString('en')} columns, the most a table here can have. Keep the columns you want and save the file again.`,
      this.service,
      { row: this.row, maxColumns: this.maxColumns },
    );
  }
}
