// Public API of the pure HOCR domain (no Nest, no TypeORM, no I/O). Import from 'src/hocr'.
export * from './codes';
export * from './forces';
export * from './events';
export * from './time';
export * from './period';
export * from './force-receipt';
export { bankHolidays, isBankHoliday } from './holidays';
export { addDays, isIsoDate, isIsoDateTime, parseIsoDate, parseIsoDateTime } from './iso';
export * from './decision-makers';
export * from './facts';
export { compareForFold, eventsKnownAt, fold, sortForFold, FactsAccumulator, type PreparedEvent } from './fold';
export * from './classify';
export * from './timeline';
export * from './checks';
