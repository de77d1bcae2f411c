/** Types for check-dist.mjs (see there). */
export function staleDistFiles(dist?: string): string[];
export function compareDirs(a: string, b: string): string[];
