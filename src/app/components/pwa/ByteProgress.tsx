/** A download's progress in megabytes, with a real <progress> for assistive technology. */
export function ByteProgress({ loaded, total, label }: { loaded: number; total: number; label: string }) {
  return (
    <span className="byte-progress">
      <progress value={loaded} max={Math.max(total, loaded, 1)} aria-label={label} />{' '}
      <span className="bytes">
        {megabytes(loaded)} / {megabytes(total)}
      </span>
    </span>
  );
}

/** Bytes for people: MB with one decimal (two under 0.1 MB), GB past a thousand MB. */
export function megabytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return `${(bytes / 1e6).toFixed(bytes && bytes < 1e5 ? 2 : 1)} MB`;
}
