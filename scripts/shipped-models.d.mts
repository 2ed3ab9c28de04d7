import type { Plugin } from 'vite';
export function shippedManifests(): Array<{ id: string; ships: string; folder: string; files: Array<{ path: string; bytes?: number; sha256?: string }> }>;
export function shippedModelsPlugin(): Plugin;
export function assetFileNames(dir: string): (asset: { originalFileNames?: readonly string[] }) => string;
