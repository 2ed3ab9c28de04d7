/// <reference types="vite-plugin-pwa/vanillajs" />

/** Set by vite.config.ts from src/pwa/plugin.ts's buildId(). */
declare const __INPAGE_BUILD__: string;
