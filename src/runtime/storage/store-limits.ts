/**
 * What each of a service's own stores may hold: the shape of one record (an import is checked against
 * it record by record, so a bad record never reaches the code that reads it) and how many records it
 * keeps (writes beyond that answer QUOTA_EXCEEDED, imports TOO_LARGE). The Data page shows the limits.
 */
import type { z } from 'zod';
import { InPageError } from '../../core/errors';

export interface StoreSpec {
  /** One record as the store holds it (after an export's values are decoded: typed arrays, Blobs, ...). */
  record: z.ZodType;
  /** The most records the store keeps. */
  maxRecords: number;
  /** What a record is, for messages: "documents", "custom models". */
  noun: string;
  /** For a store without a key path, the keys it may hold (an import names each record's key itself). */
  key?: z.ZodType;
}

export type StoreSpecs = Readonly<Record<string, StoreSpec>>;

/** The object store of the readwrite transaction that will make the write (ensureRoom counts inside it). */
export interface CountedStore {
  count(): Promise<number>;
}

/**
 * Refuses a write that would take `store` past its limit: `adding` new records, of which `replacing`
 * already exist under the same key (a put that replaces takes no room). `counted` must belong to the
 * write's own readwrite transaction: IndexedDB runs those one at a time per store, so two writers at
 * once cannot both see room for one more.
 */
export async function ensureRoom(counted: CountedStore, service: string, store: string, spec: StoreSpec, adding: number, replacing = 0): Promise<void> {
  const stored = await counted.count();
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

type Records = Record<string, { key: unknown; value: unknown }[]>;

/**
 * Checks an import's decoded records against the specs; the first problem is named with where it is.
 * Returns the records as the specs read them (fields a spec does not know are dropped), which is what
 * the import writes.
 */
export function checkImport<T extends Records>(service: string, specs: StoreSpecs, stores: T): T {
  const checked: Records = {};
  for (const [name, records] of Object.entries(stores)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) {
      checked[name] = records;
      continue;
    }
    if (records.length > spec.maxRecords) {
      throw new InPageError(
        'TOO_LARGE',
        `This file holds ${records.length.toLocaleString('en')} ${spec.noun}; the ${service} service keeps at most ${spec.maxRecords.toLocaleString('en')}.`,
        service,
      );
    }
    const refuse = (i: number, issue: z.core.$ZodIssue | undefined, what: string) => {
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      return new InPageError(
        'INVALID_INPUT',
        `This file cannot be imported into the ${service} service: record ${i + 1} of "${name}" ${what}${where}: ${issue?.message ?? 'wrong shape'}. Nothing was changed.`,
        service,
      );
    };
    checked[name] = records.map(({ key, value }, i) => {
      const parsed = spec.record.safeParse(value);
      if (!parsed.success) throw refuse(i, parsed.error.issues[0], `is not a valid ${spec.noun.replace(/s$/, '')}`);
      const keyed = spec.key?.safeParse(key);
      if (keyed && !keyed.success) throw refuse(i, keyed.error.issues[0], 'has a key this store does not hold');
      return { key, value: parsed.data };
    });
  }
  return checked as T;
}
