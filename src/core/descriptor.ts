/**
 * A service descriptor (`workers/<svc>/service.ts`): everything the page needs to know about one service,
 * safe to import on the page. The SDK's types and proxies, the shell's pages, the PWA shortcuts, the bench
 * sections and the error codes all derive from the list of descriptors (src/client/services.ts), through src/client/registry.ts.
 */
import type { z } from 'zod';
import type { CallOptions, Contract, MethodSpec, ModelGroupSpec, TopicsOf } from './protocol';
import type { StorageApi, StorageMethodName } from './storage';

/** The methods a service implements itself (ping and the storage methods are the runtime's). */
type OwnMethod<C extends Contract> = Exclude<Extract<keyof C['methods'], string>, 'ping' | StorageMethodName>;

/** The positional arguments of a call, typed from the input schema by the spec's `args`. */
type Positional<Args extends readonly string[], In> = { -readonly [I in keyof Args]: Args[I] extends keyof In ? In[Args[I]] : never };

/** The SDK call of one contract method: positional arguments, then the other input fields and the call options. */
export type MethodCall<S extends MethodSpec> = (
  ...args: [...Positional<S['args'], z.input<S['input']>>, options?: Omit<z.input<S['input']>, S['args'][number]> & CallOptions]
) => Promise<S extends { output: z.ZodType<infer T> } ? T : unknown>;

/** What a contract offers on the page, method by method (its docs carried over from the contract). */
export type ContractApi<C extends Contract> = { [M in keyof C['methods'] as M extends OwnMethod<C> ? M : never]: MethodCall<C['methods'][M]> };

/**
 * One group of a service's models: any one of them will do; `?model=<id>` forces one per group. The
 * manifests (models/*.json), in the order the service tries them: the service's only list of its models.
 */
export type ModelGroup = ModelGroupSpec;

/** The service's page in the shell and its shortcut on the installed app's icon. */
export interface ServicePage {
  /** The page's address: `#/<path>`. */
  readonly path: string;
  readonly title: string;
  /** What the launcher's shortcut says (a long-press on the installed icon); none: no shortcut. */
  readonly shortcut?: string;
}

/** Old method names kept for one release: old name → the method that replaces it. `T` types them (with @deprecated docs). */
export interface Aliases<T> {
  readonly map: Readonly<Record<string, string>>;
  /** Type only: the deprecated methods as the SDK offers them. */
  readonly api?: T;
}

export function aliases<T>(map: { readonly [K in keyof T]: string }): Aliases<T> {
  return { map };
}

export interface ServiceDescriptor<C extends Contract = Contract, Api = unknown> {
  readonly contract: C;
  /** Starts one replica: a module Worker running the service's worker.ts. */
  readonly worker: () => Worker;
  /** Methods that run on the page before (or instead of) the worker: decoding files, the microphone. */
  readonly client?: (service: never) => object;
  readonly aliases?: Readonly<Record<string, string>>;
  readonly modelGroups?: readonly ModelGroup[];
  readonly page?: ServicePage;
  /** The bench sections (bench/<name>.mjs) that measure this service, in the order they run. */
  readonly bench?: readonly string[];
  /** Type only: what `ai.<name>` offers. */
  readonly api?: Api;
}

/** What `ai.<name>` offers for a descriptor: `ApiOf<typeof imageService>`. */
export type ApiOf<D extends ServiceDescriptor> = NonNullable<D['api']>;

/** What `ai.<name>` offers: the contract's methods, the page-side client's in their place, the deprecated names and storage. */
export type ServiceApi<C extends Contract, Client, Deprecated> = Omit<ContractApi<C>, keyof Client> & Client & Deprecated & StorageApi;

export function defineService<C extends Contract, Client extends object = Record<never, never>, Deprecated = Record<never, never>>(descriptor: {
  contract: C;
  worker: () => Worker;
  client?: (service: ContractApi<C>) => Client;
  aliases?: Aliases<Deprecated>;
  modelGroups?: readonly ModelGroup[];
  page?: ServicePage;
  bench?: readonly string[];
}): ServiceDescriptor<C, ServiceApi<C, Client, Deprecated>> {
  const { aliases: deprecated, client, ...rest } = descriptor;
  return { ...rest, client: client as ServiceDescriptor['client'], aliases: deprecated?.map };
}

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** Every topic the listed services publish, with its payload. */
export type TopicPayloads<D extends readonly ServiceDescriptor[]> = UnionToIntersection<{ [I in keyof D]: TopicsOf<D[I]['contract']> }[number]>;
