/**
 * The app's CSP has no 'unsafe-eval': zod would probe `new Function` (caught, but reported as a CSP
 * violation, which Firefox shows as a page error) to compile validators. zod makes that choice when an
 * object schema is constructed, so this runs before any module builds one: protocol.ts and storage.ts
 * import it first.
 */
import { z } from 'zod';

z.config({ jitless: true });
