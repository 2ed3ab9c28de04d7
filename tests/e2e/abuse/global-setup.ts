import { resetTally } from './tally';

/** Each run starts a fresh tally. */
export default function globalSetup(): void {
  resetTally();
}
