import type { Plugin } from 'vite';
export function tfjsThreadsPlugin(): Plugin;
