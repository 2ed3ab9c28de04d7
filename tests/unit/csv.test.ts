import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/app/download';

describe('CSV cells the app writes', () => {
  it('keeps text that a spreadsheet would run as a formula as text', () => {
    for (const cell of ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB', '\rCR']) {
      const written = csvField(cell);
      expect(written.replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('=SUM(A1,A2)')).toBe(`"'=SUM(A1,A2)"`);
  });

  it('writes ordinary text and the app\'s own numbers as they are', () => {
    expect(csvField('golden retriever')).toBe('golden retriever');
    expect(csvField('a "quoted", label')).toBe('"a ""quoted"", label"');
    expect(csvField(-0.5)).toBe('-0.5');
    expect(toCsv([['file', 'label'], ['=cmd|calc!A1.jpg', '-dog']])).toBe("file,label\r\n'=cmd|calc!A1.jpg,'-dog\r\n");
  });
});
