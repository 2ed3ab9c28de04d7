/** The microphone's input level as a bar, with the value for screen readers. */
export function LevelMeter({ level, label = 'Microphone level' }: { level: number; label?: string }) {
  const percent = Math.round(level * 100);
  return (
    <div className="level-meter" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <span style={{ width: `${percent}%` }} />
    </div>
  );
}
