/** Saves text or a blob as a file the person downloads (exports of results, models and data). */
export function downloadFile(name: string, content: Blob | string, type = 'application/json'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * One CSV field, quoted when it must be (commas, quotes, new lines). Text that a spreadsheet would run as a
 * formula (=, +, -, @, a tab or CR first: labels and file names come from shared files) gets a leading `'`,
 * so it stays text. Numbers are the app's own and are written as they are.
 */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every CSV the app writes goes through here (and so through csvField). */
export function toCsv(rows: Array<Array<string | number>>): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
