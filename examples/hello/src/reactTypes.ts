// Type-checked, not bundled (index.html does not import it): `inpage-ai/react` resolves through the
// package's exports with its own .d.ts, against the app's React types.
import type { useInPage, useService } from 'inpage-ai/react';

export type Hooks = [typeof useInPage, typeof useService];
