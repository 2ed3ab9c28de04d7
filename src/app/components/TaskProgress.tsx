/** A running task's progress bar and cancel button, or how it ended when it failed. */
import type { Task } from '../../client/react';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function TaskProgress({ task, label }: { task: Task<any[], unknown>; label: string }) {
  const { state } = task;
  if (state.status === 'running') {
    const { loaded, total, message } = state.progress ?? {};
    return (
      <div className="row task-progress">
        <progress value={total ? loaded : undefined} max={total} aria-label={label} />
        <span role="status">{message ?? (total ? `${loaded ?? 0} of ${total}` : `${label}…`)}</span>
        <button type="button" onClick={task.cancel}>
          Cancel
        </button>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <p role="alert" className="error" data-code={state.error.code}>
        {state.error.code === 'CANCELLED' ? `${label} was cancelled.` : state.error.message}
      </p>
    );
  }
  return null;
}
