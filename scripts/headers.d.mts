export const CONTENT_SECURITY_POLICY: string[];
export function hubFrameAncestors(configFile?: string): string;
export function securityHeaders(page?: 'app' | 'hub' | 'other', options?: { embedConfig?: string }): Record<string, string>;
