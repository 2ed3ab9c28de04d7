/** What the SDK derives from the list of service descriptors (services.ts). */
import { BUS_ERROR_CODES, workerHost, type ErrorCode, type ServiceRegistration } from '../bus';
import type { ApiOf, ServiceDescriptor, TopicPayloads } from '../core/descriptor';
import { DESCRIPTORS } from './services';

type Descriptors = typeof DESCRIPTORS;
type Named<D> = D extends ServiceDescriptor<infer C> ? C['name'] : never;

export type ServiceName = Named<Descriptors[number]>;
/** What `ai.<name>` offers for each of a list of services: its own methods, plus the storage methods every service answers. */
export type ApisOf<List extends readonly ServiceDescriptor[]> = { [D in List[number] as Named<D>]: ApiOf<D> };
export type ServiceApis = ApisOf<Descriptors>;
/** Every topic a service publishes (`speech.transcribed`, …), with what its messages carry. */
export type Topics = TopicPayloads<Descriptors>;

/** A descriptor with what the bus needs to start its replicas. */
export type Registered = ServiceDescriptor & ServiceRegistration;

export const SERVICES = Object.fromEntries(
  DESCRIPTORS.map((descriptor): [string, Registered] => [descriptor.contract.name, { ...descriptor, spawn: () => workerHost(descriptor.worker()) }]),
) as Record<ServiceName, Registered>;

/** Every registered service, in registration order. */
export const SERVICE_NAMES = DESCRIPTORS.map((descriptor) => descriptor.contract.name) as ServiceName[];

/** Every code an InPageError may carry: the bus's own, then each service's. */
export const ERROR_CODES: readonly ErrorCode[] = [...BUS_ERROR_CODES, ...DESCRIPTORS.flatMap((descriptor: ServiceDescriptor): readonly ErrorCode[] => descriptor.contract.errors ?? [])];

/** Each service's page in the shell (and its launcher shortcut), in registration order. */
export const SERVICE_PAGES = DESCRIPTORS.flatMap((descriptor: ServiceDescriptor) =>
  descriptor.page ? [{ service: descriptor.contract.name as ServiceName, ...descriptor.page }] : [],
);

/** The service whose model groups list a manifest id. */
export function serviceOfModel(id: string): ServiceName | undefined {
  return DESCRIPTORS.find((descriptor) => descriptor.modelGroups?.some((group) => group.models.some((model) => model.id === id)))?.contract.name;
}
