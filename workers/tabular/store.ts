/** The tabular service's own database: the runtime's settings, plus the models it trained or imported. */
import { InPageError } from '../../src/core/errors';
import { abandon, guardWrite, GUEST_STORE, openServiceDb, type ServiceDb } from '../../src/runtime/storage/store';
import { ensureRoom, type StoreSpecs } from '../../src/runtime/storage/store-limits';
import type { ModelSummary } from './contract';
import { storedModel } from './exchange';
import type { StoredModel } from './stored-model';

const TRAINED = 'trained';
/** Models kept at once: each holds its weights and transform, and the page lists them all. */
export const MAX_MODELS = 50;

export const TABULAR_STORES: StoreSpecs = { [TRAINED]: { noun: 'models', maxRecords: MAX_MODELS, record: storedModel } };

export function openTabularDb(): Promise<ServiceDb> {
  // Version 2 adds the partners' own models (guest-models.ts).
  return openServiceDb('tabular', 2, (db) => {
    if (!db.objectStoreNames.contains(TRAINED)) db.createObjectStore(TRAINED, { keyPath: 'id' });
    if (!db.objectStoreNames.contains(GUEST_STORE)) db.createObjectStore(GUEST_STORE, { keyPath: 'id' });
  });
}

export async function saveModel(db: ServiceDb, model: StoredModel): Promise<void> {
  // Counted and written in one transaction, so two trainings at once cannot both take the last place.
  const tx = db.transaction(TRAINED, 'readwrite');
  try {
    const replacing = (await tx.store.getKey(model.id)) === undefined ? 0 : 1;
    await ensureRoom(tx.store, 'tabular', TRAINED, TABULAR_STORES[TRAINED]!, 1, replacing);
  } catch (error) {
    abandon(tx);
    throw error;
  }
  await guardWrite('tabular', `the model "${model.name}"`, () => Promise.all([tx.store.put(model), tx.done]));
}

export async function getModel(db: ServiceDb, id: string): Promise<StoredModel> {
  const model = (await db.get(TRAINED, id)) as StoredModel | undefined;
  if (!model) throw new InPageError('INVALID_INPUT', `There is no model "${id}". It may have been deleted; listModels() lists the ones there are.`, 'tabular');
  return model;
}

export async function listModels(db: ServiceDb): Promise<ModelSummary[]> {
  const all = (await db.getAll(TRAINED)) as StoredModel[];
  return all.map(summary).sort((a, b) => b.createdAt - a.createdAt);
}

export async function deleteModel(db: ServiceDb, id: string): Promise<void> {
  await getModel(db, id);
  await db.delete(TRAINED, id);
}

/** The model without its weights and transform: what lists and answers carry. */
export function summary(model: StoredModel): ModelSummary {
  const rest: Partial<StoredModel> = { ...model };
  delete rest.transform;
  delete rest.artifacts;
  return rest as ModelSummary;
}
