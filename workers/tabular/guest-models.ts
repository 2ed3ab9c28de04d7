/**
 * Models a partner trains through a hub without the storage grant: kept in this replica's memory for
 * the visit, never in the person's store, so they neither show among the person's models nor take their
 * room. Their ids are random, so only the page that trained one can name it. Bounded: the oldest goes.
 */
import { InPageError } from '../../src/core/errors';
import type { StoredModel } from './stored-model';

export const MAX_GUEST_MODELS = 20;

export class GuestModels {
  private readonly models = new Map<string, StoredModel>();

  put(model: StoredModel): void {
    this.models.set(model.id, model);
    while (this.models.size > MAX_GUEST_MODELS) this.models.delete(this.models.keys().next().value!);
  }

  get(id: string): StoredModel {
    const model = this.models.get(id);
    if (!model) throw new InPageError('INVALID_INPUT', `There is no model "${id}" trained by this page in this visit; train it again.`, 'tabular');
    return model;
  }
}
