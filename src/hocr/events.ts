// The wire contract v1 (SPEC §4) in one import: types and enums, the validator, canonical JSON.
export * from './event-types';
export * from './validate-event';
export * from './canonical-json';
