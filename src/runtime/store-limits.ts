/**
 * What each of a service's own stores may hold: the shape of one record (an import is checked against
 * it record by record, so a bad record never reaches the code that reads it) and how many records it
 * keeps (writes beyond that answer QUOTA_EXCEEDED, imports TOO_LARGE). The Data page shows the limits.
 */
import type { z } from 'zod';
import { InPageError } from '../bus/errors';
import type { ServiceDb } from './store';

export interface StoreSpec {
  /** One record as the store holds it (after an export's values are decoded: typed arrays, Blobs, ...). */
  record: z.ZodType;
  /** The most records the store keeps. */
  maxRecords: number;
  /** What a record is, for messages: "documents", "custom models". */
  noun: string;
}

export type StoreSpecs = Readonly<Record<string, StoreSpec>>;

/**
 * Refuses a write that would take `store` past its limit: `adding` new records, of which `replacing`
 * already exist under the same key (a put that replaces takes no room).
 */
export async function ensureRoom(db: ServiceDb, service: string, store: string, spec: StoreSpec, adding: number, replacing = 0): Promise<void> {
  const stored = await db.count(store);
  const after = stored + adding - replacing;
  if (after > spec.maxRecords) {
    throw new InPageError(
      'QUOTA_EXCEEDED',
      `The ${service} service keeps at most ${spec.maxRecords.toLocaleString('en')} ${spec.noun}; it holds ${stored.toLocaleString('en')} and this would make ${after.toLocaleString('en')}. Delete some (the Data page lists them) and try again.`,
      service,
      { store, stored, adding, maxRecords: spec.maxRecords },
    );
  }
}

/** Checks an import's decoded records against the specs; the first problem is named with where it is. */
export function checkImport(service: string, specs: StoreSpecs, stores: Record<string, { key: unknown; value: unknown }[]>): void {
  for (const [name, records] of Object.entries(stores)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) continue;
    if (records.length > spec.maxRecords) {
      throw new InPageError(
        'TOO_LARGE',
        `This file holds ${records.length.toLocaleString('en')} ${spec.noun}; the ${service} service keeps at most ${spec.maxRecords.toLocaleString('en')}.`,
        service,
      );
    }
    records.forEach(({ value }, i) => {
      const parsed = spec.record.safeParse(value);
      if (parsed.success) return;
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      throw new InPageError(
        'INVALID_INPUT',
        `This file cannot be imported into the ${service} service: record ${i + 1} of "${name}" is not a valid ${spec.noun.replace(/s$/, '')}${where}: ${issue?.message ?? 'wrong shape'}. Nothing was changed.`,
        service,
      );
    });
  }
}
