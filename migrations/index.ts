import { Forces1763840000000 } from './1763840000000-forces';

/** Every migration, in order, by class reference (globs do not survive bundling or PGlite). */
export const MIGRATIONS = [Forces1763840000000];
