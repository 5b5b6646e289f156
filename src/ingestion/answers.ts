import type { IngestResult } from './ingest-events/ingest-events.command';
import type { SingleEventAnswer } from './single-event/single-event-ingest';

/**
 * What the events API answers, for every way in (`POST /v1/events`, the NRM form, a broker message's reply):
 * one event is 201 APPLIED or 200 DUPLICATE with its record; a batch is 200 with each event's status.
 */
export function oneEventAnswer({ result, record }: SingleEventAnswer) {
  return { status: result.status === 'APPLIED' ? 201 : 200, body: { eventId: result.eventId, status: result.status, record } };
}

export function batchAnswer(results: readonly IngestResult[]) {
  return { status: 200, body: { results: results.map((r) => ({ eventId: r.eventId, status: r.status })) } };
}
