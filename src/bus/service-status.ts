/** What the bus tells of one service and its replicas: the dashboard's cards, `ai.status()` and the hub's mirror. */
import type { ReplicaReport, ReplicaState, StorageState } from '../core/protocol';
import type { MethodStats } from '../core/stats';

/** What the replica last reported about itself, with what the bus knows of it. */
export interface ReplicaStatus extends ReplicaReport {
  id: string;
  inFlight: number;
  /** Being replaced or scaled away: takes no new work, stops once its current work is answered. */
  retiring: boolean;
}

export interface ServiceStatus {
  name: string;
  state: ReplicaState;
  reason?: string;
  replicas: ReplicaStatus[];
  targetReplicas: number;
  queue: number;
  inFlight: number;
  restarts: number;
  /** Idempotent requests tried once more after their replica crashed. */
  retried: number;
  /** Replicas replaced because their memory passed the service's budget (counted in restarts too). */
  recycled: number;
  backend?: string;
  /** The backend chosen for this service at run time (the dashboard's switch), if any. */
  pinnedBackend?: string;
  model?: string;
  /** From a ready replica: whether the service's data persists here, with a notice where it does not. */
  storage?: StorageState;
  requests: MethodStats;
}
