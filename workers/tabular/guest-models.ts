/**
 * Models a partner trains through a hub without the storage grant: in a store of their own, never in the
 * person's, so they neither show among the person's models nor take their room, and every replica finds
 * them. Their ids are random, so only the page that trained one can name it. Bounded: the oldest goes.
 */
import { InPageError } from '../../src/core/errors';
import { GUEST_STORE, guardWrite, type ServiceDb } from '../../src/runtime/storage/store';
import type { StoredModel } from './stored-model';

export const MAX_GUEST_MODELS = 20;

export async function saveGuestModel(db: ServiceDb, model: StoredModel): Promise<void> {
  await guardWrite('tabular', `the model "${model.name}"`, async () => {
    const tx = db.transaction(GUEST_STORE, 'readwrite');
    await tx.store.put(model);
    const kept = (await tx.store.getAll()) as StoredModel[];
    const oldest = kept.sort((a, b) => a.createdAt - b.createdAt).slice(0, Math.max(0, kept.length - MAX_GUEST_MODELS));
    await Promise.all([...oldest.map((old) => tx.store.delete(old.id)), tx.done]);
  });
}

export async function getGuestModel(db: ServiceDb, id: string): Promise<StoredModel> {
  const model = (await db.get(GUEST_STORE, id)) as StoredModel | undefined;
  if (!model) throw new InPageError('INVALID_INPUT', `There is no model "${id}" trained by this page; train it again.`, 'tabular');
  return model;
}
