/** Which requests the bus tries once more when their replica crashes. */
import { methodSpec, type Contract, type Envelope } from '../core/protocol';
import { collectTransferables } from '../core/transfer';

/** What of a request decides (the pool's Pending has these). */
interface Retryable {
  envelope: Envelope;
  /** Already tried once more. */
  retried?: boolean;
  /** Belongs to a session in the replica that died. */
  pin?: string;
}

/**
 * Once, for a method its contract marks idempotent, before its deadline, and only if its payload is still
 * here to send: a moved one (a transferred buffer or bitmap) went with the dead worker.
 */
export function mayRetry(contract: Contract, pending: Retryable): boolean {
  const { envelope } = pending;
  return (
    !pending.retried &&
    !pending.pin &&
    methodSpec(contract, envelope.method)?.idempotent === true &&
    Date.now() < envelope.deadline &&
    collectTransferables(envelope.payload).length === 0
  );
}
