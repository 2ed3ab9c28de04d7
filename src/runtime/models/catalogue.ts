/**
 * A service's model catalogue as its worker sees it: the groups its descriptor declares (handed over in
 * ReplicaInit), checked, with each visit's forced ids given to the one group they belong to. Workers ask
 * for a group by name here and import no manifest themselves.
 */
import { InPageError } from '../../core/errors';
import type { ReplicaInit } from '../../core/protocol';
import { parseManifest, type ModelManifest } from './manifest';

export interface CatalogueGroup {
  name: string;
  /** Alternatives, best first. */
  models: readonly ModelManifest[];
  /** The model this visit forces in this group (`?model=`): the only one tried. */
  forced?: string;
  /** The setting that remembers which model of the group this device loaded, tried first next time. */
  rememberAs: string;
}

export interface Catalogue {
  /** Every group, in the order the descriptor declares them: what "make available offline" stores. */
  readonly groups: readonly CatalogueGroup[];
  /** The group a worker asked for by name; a name the descriptor lacks is a programming error. */
  group(name: string): CatalogueGroup;
}

export function catalogueOf(init: Pick<ReplicaInit, 'service' | 'model' | 'models' | 'modelGroups'>): Catalogue {
  const specs = init.modelGroups ?? [];
  const forcedIds = init.models ?? (init.model ? [init.model] : []);
  const parsed = specs.map((spec) => ({ name: spec.name, models: spec.models.map((model) => parseManifest(model)) }));
  const groups = parsed.map(({ name, models }, index): CatalogueGroup => {
    // A model listed by two groups (USE lite embeds, and stands in for zero-shot) is forced only in the first.
    const owns = (id: string) => models.some((m) => m.id === id) && !parsed.slice(0, index).some((earlier) => earlier.models.some((m) => m.id === id));
    return { name, models, forced: forcedIds.find(owns), rememberAs: `group:${name}` };
  });
  return {
    groups,
    group(name) {
      const found = groups.find((g) => g.name === name);
      if (!found) throw new InPageError('INTERNAL', `The ${init.service} service's descriptor declares no model group "${name}".`, init.service);
      return found;
    },
  };
}
