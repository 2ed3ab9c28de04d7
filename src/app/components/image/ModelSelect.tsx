/** Which model answers: ImageNet's 1000 classes, or a custom model taught on this device. */
import { useId } from 'react';
import type { CustomModelSummary } from '../../../client';

export const IMAGENET = '';

export function ModelSelect({ models, value, onChange }: { models: CustomModelSummary[]; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <span className="row">
      <label htmlFor={id}>Classify with</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value={IMAGENET}>ImageNet (1000 classes)</option>
        {models.map((m) => (
          <option key={m.name} value={`custom:${m.name}`}>
            {m.name}: {m.classes.map((c) => c.label).join(', ')}
          </option>
        ))}
      </select>
    </span>
  );
}
