import fc from 'fast-check';
import { canonicalOrder, forcesOf, historyArb, materialise, referralState, type WireEvent } from '../helpers/scenario-history';
import { createNationalTestApp, type TestApp } from '../helpers/test-app';

/**
 * SPEC §4 "Order-independent. Events can arrive in any order and more than once ... every permutation of
 * the same events ends in the same state", through HTTP and the real database (the pure-fold property is
 * in src/hocr/fold.spec.ts). A random valid history of one referral is delivered once in canonical
 * order to one referralRef, and to another in a random permutation with random duplicates, split
 * randomly between single posts and batches; every record of the referral (the sender's and, after a
 * transfer, the receiver's) must end equal, service-time fields aside.
 */
let t: TestApp;
let token: string;
let run = 0;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);

beforeAll(async () => {
  ({ t, recorder: token } = await createNationalTestApp());
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function postOne(e: WireEvent): Promise<void> {
  const res = await t.http.post('/v1/events').set('authorization', `Bearer ${token}`).send(e);
  if (res.status !== 201 && res.status !== 200) throw new Error(`POST /v1/events ${e.eventId}: ${res.status} ${JSON.stringify(res.body)}`);
}

async function postBatch(events: WireEvent[]): Promise<void> {
  const res = await t.http.post('/v1/events/batch').set('authorization', `Bearer ${token}`).send({ events });
  if (res.status !== 200) throw new Error(`POST /v1/events/batch: ${res.status} ${JSON.stringify(res.body)}`);
}

const deliveryArb = historyArb.chain((history) =>
  fc.record({
    history: fc.constant(history),
    order: fc.shuffledSubarray(
      history.map((_, i) => i),
      { minLength: history.length, maxLength: history.length },
    ),
    duplicates: fc.array(fc.nat({ max: history.length - 1 }), { maxLength: 4 }),
    duplicateAt: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
    chunks: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 20, maxLength: 20 }),
    asBatch: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
  }),
);

it(
  'a history delivered in any order, with duplicates, singly or in batches, ends in the record of its canonical delivery',
  async () => {
    await fc.assert(
      fc.asyncProperty(deliveryArb, async ({ history, order, duplicates, duplicateAt, chunks, asBatch }) => {
        run++;
        const refA = `PROP-${run}-A`;
        const refB = `PROP-${run}-B`;

        // A: each event once, singly, in canonical (fold) order
        const canonical = canonicalOrder(materialise(history, refA));
        for (const e of canonical) await postOne(e);

        // B: a random permutation with random duplicates spliced in, cut into random single posts and batches
        const events = materialise(history, refB);
        const delivery = order.map((i) => events[i]);
        duplicates.forEach((d, k) => delivery.splice(duplicateAt[k] % (delivery.length + 1), 0, events[d]));
        for (let at = 0, c = 0; at < delivery.length; c++) {
          const n = chunks[c % chunks.length];
          const part = delivery.slice(at, at + n);
          at += n;
          if (asBatch[c % asBatch.length] || part.length > 1) {
            if (asBatch[c % asBatch.length]) await postBatch(part);
            else for (const e of part) await postOne(e);
          } else await postOne(part[0]);
        }

        const forces = forcesOf(events);
        const a = await referralState(t, token, forces, refA);
        const b = await referralState(t, token, forces, refB);
        expect(b).toEqual(a);
        for (const force of forces) expect(typeof a[force]).toBe('object'); // every touched force has a record
      }),
      { numRuns: RUNS, seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined },
    );
  },
  Math.max(120_000, RUNS * 3_000),
);
