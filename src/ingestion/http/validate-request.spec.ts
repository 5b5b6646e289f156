import type { Principal } from '../../auth/principal';
import { ValidationFailedError } from '../../common/app-error';
import { MAX_BATCH, MAX_BATCH_DETAILS, validateBatch } from './validate-request';

const national: Principal = { sub: 'test', roles: ['recorder'], forces: ['*'] };

function refusal(body: unknown): ValidationFailedError {
  try {
    validateBatch(body, national);
  } catch (err) {
    if (err instanceof ValidationFailedError) return err;
    throw err;
  }
  throw new Error('the batch was accepted');
}

describe('validateBatch: what a refused batch lists', () => {
  it(`lists at most ${MAX_BATCH_DETAILS} problems, and counts the rest in one more entry`, () => {
    // every event empty: five required fields missing in each
    const err = refusal({ events: Array.from({ length: MAX_BATCH }, () => ({})) });
    expect(err.message).toBe(`${MAX_BATCH} event(s) are not valid; nothing was written`);
    expect(err.details).toHaveLength(MAX_BATCH_DETAILS + 1);
    expect(err.details[0]).toEqual({ index: 0, field: 'events[0].eventId', reason: 'is required' });
    expect(err.details.at(-1)).toEqual({ field: 'events', reason: `and ${5 * MAX_BATCH - MAX_BATCH_DETAILS} more problems, not listed` });
  });

  it('lists every problem when there are fewer', () => {
    const err = refusal({ events: [{}, {}] });
    expect(err.details).toHaveLength(10);
    expect(err.details.map((d) => d.index)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });
});
