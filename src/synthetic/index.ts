// Synthetic national data for benchmarks and tests (issue 6). Pure: no I/O.
export * from './prng';
export * from './volumes';
export * from './referral';
export * from './delivery';
export * from './generator';
