import type { UserConfig } from 'vite';
export function workerBuild(): NonNullable<UserConfig['worker']>;
