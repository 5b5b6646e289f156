// Runs the YAML scenarios of test/scenarios/ through the HTTP API (SPEC §3–§4, issue 3 deliverable 6).
//
// A scenario file:
//   name, description
//   defaults:            merged under every event: { force, referralRef, ... }; `types: { RG_DECISION: {...} }`
//                        adds per-type fields on top of the built-in TYPE_DEFAULTS below
//   steps: [ { note?, send: <event> | sendBatch: [<events>] | sendRaw: <any JSON body to /v1/events/batch>,
//              expect: { status?, result?, results?, errorFields?, unchanged?, record?, records? } } ]
//
// eventIds in a file are local: the runner prefixes them with the file's name, so two files can both say
// `eventId: referral`. `causedBy` in expectations uses the local id.
//
// After every step, for every record it fetches, the runner also checks the history invariants: rows in
// valid-time order, each row's validTo is the next row's validFrom, the last is open, and each row's
// validFrom is the occurredAt instant of the event that caused it (so valid time follows occurredAt,
// never arrival). A single send answered 200 (DUPLICATE), and any 400 or 409, must leave the record(s)
// byte-for-byte as they were (version, history, knownSince included).
import type { Response } from 'supertest';
import type { TestApp } from './test-app';
import { REFERRAL_FIELDS } from './wire-events';

export type Json = Record<string, unknown>;

export interface RecordExpectation {
  force?: string;
  referralRef?: string;
  /** true: the GET answers 404. */
  absent?: boolean;
  status?: string;
  code?: string | null;
  rule?: string;
  crimeRequired?: boolean;
  crimeReference?: string | null;
  referralType?: string | null;
  /** Partial match on the view's facts. */
  facts?: Json;
  /** Codes of the history rows in validFrom order (null for CANCELLED/INCOMPLETE rows). */
  historyCodes?: (string | null)[];
  historyRules?: string[];
  /** Partial match on each history row, in order; causedBy is the local eventId. */
  history?: Json[];
}

export interface StepExpectation {
  status?: number;
  /** Single send: APPLIED or DUPLICATE. */
  result?: 'APPLIED' | 'DUPLICATE';
  /** Batch: the status of each result, in order. */
  results?: ('APPLIED' | 'DUPLICATE')[];
  /** 400/409: every one of these must appear among details[].field. */
  errorFields?: string[];
  /** The default record (and any in `records`) must be exactly as before this step. */
  unchanged?: boolean;
  record?: RecordExpectation;
  records?: RecordExpectation[];
}

export interface Step {
  note?: string;
  send?: Json;
  sendBatch?: Json[];
  sendRaw?: unknown;
  expect?: StepExpectation;
}

export interface Scenario {
  name: string;
  description?: string;
  defaults?: Json & { types?: Record<string, Json> };
  steps: Step[];
}

/** Built-in per-type fields so a scenario only states what matters to it; all overridable. */
export const TYPE_DEFAULTS: Record<string, Json> = {
  REFERRAL_RECEIVED: REFERRAL_FIELDS,
  RG_DECISION: { occurredAt: '2024-06-07', decisionMaker: 'SCA' },
  CG_DECISION: { occurredAt: '2024-08-01', decisionMaker: 'SCA' },
  CRIMINALITY_LOCATION_DETERMINED: { occurredAt: '2024-06-10' },
  TRANSFERRED: { occurredAt: '2024-06-12' },
  CRIME_RECORDED: { occurredAt: '2024-06-08', crimeReference: '13/0001/24', offence: 'FORCED_LABOUR' },
  RECORD_CANCELLED: { occurredAt: '2024-06-20', reason: 'DUPLICATE', authorisedBy: 'FCR' },
};

/** The instant of an occurredAt (SPEC §4: a date alone is 00:00 Europe/London), computed independently of src/. */
export function occurredInstantOf(occurredAt: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(occurredAt)) {
    const [y, m, d] = occurredAt.split('-').map(Number);
    for (const offsetHours of [0, 1]) {
      const ms = Date.UTC(y, m - 1, d) - offsetHours * 3_600_000;
      const parts = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        hourCycle: 'h23',
      }).formatToParts(new Date(ms));
      const get = (t: string) => parts.find((p) => p.type === t)!.value;
      if (`${get('year')}-${get('month')}-${get('day')}` === occurredAt && get('hour') === '00') return new Date(ms).toISOString();
    }
    throw new Error(`cannot place ${occurredAt} in Europe/London`);
  }
  return new Date(occurredAt).toISOString();
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Partial deep match: every key of `expected` must equal in `actual` (arrays compared whole). */
function mismatches(actual: unknown, expected: unknown, path: string, out: string[]): void {
  if (isObject(expected)) {
    if (!isObject(actual)) {
      out.push(`${path}: expected an object ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      return;
    }
    for (const [k, v] of Object.entries(expected)) mismatches(actual[k], v, path ? `${path}.${k}` : k, out);
    return;
  }
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export class ScenarioRunner {
  /** Every event sent so far (full eventId → event), for the history invariants. */
  private readonly sent = new Map<string, Json>();

  constructor(
    private readonly t: TestApp,
    private readonly token: string,
    private readonly prefix: string,
    private readonly scenario: Scenario,
  ) {}

  private get defaults(): Json {
    const { types: _types, ...rest } = this.scenario.defaults ?? {};
    return rest;
  }

  private localId(id: string): string {
    return id.startsWith(this.prefix) ? id.slice(this.prefix.length) : id;
  }

  /** Fills defaults and prefixes the eventId; leaves deliberately broken events as written. */
  materialise(e: Json): Json {
    const type = typeof e.type === 'string' ? e.type : '';
    const full: Json = {
      ...this.defaults,
      ...(TYPE_DEFAULTS[type] ?? {}),
      ...(this.scenario.defaults?.types?.[type] ?? {}),
      ...e,
    };
    // `field: ~` in a step removes a defaulted field (to test malformed input)
    for (const [k, v] of Object.entries(e)) if (v === null) delete full[k];
    if (typeof full.eventId === 'string') full.eventId = `${this.prefix}${full.eventId}`;
    return full;
  }

  private recordKey(r: RecordExpectation | undefined): { force: string; referralRef: string } {
    const force = r?.force ?? (this.defaults.force as string | undefined);
    const referralRef = r?.referralRef ?? (this.defaults.referralRef as string | undefined);
    if (!force || !referralRef) throw new Error('a record expectation needs force and referralRef (or defaults)');
    return { force, referralRef };
  }

  async getRecord(force: string, referralRef: string): Promise<Response> {
    return this.t.http
      .get(`/v1/forces/${encodeURIComponent(force)}/records/${encodeURIComponent(referralRef)}`)
      .set('authorization', `Bearer ${this.token}`);
  }

  private async snapshot(keys: { force: string; referralRef: string }[]): Promise<string[]> {
    return Promise.all(
      keys.map(async (k) => {
        const res = await this.getRecord(k.force, k.referralRef);
        return res.status === 404 ? 'absent (404)' : JSON.stringify(res.body);
      }),
    );
  }

  private checkHistoryInvariants(view: Json, where: string, out: string[]): void {
    const history = (view.history ?? []) as Json[];
    for (let i = 0; i < history.length; i++) {
      const h = history[i];
      const next = history[i + 1];
      if (next && !(String(h.validFrom) < String(next.validFrom)))
        out.push(`${where} history[${i}].validFrom ${h.validFrom} is not before history[${i + 1}].validFrom ${next.validFrom}`);
      if ((next ? next.validFrom : null) !== h.validTo)
        out.push(`${where} history[${i}].validTo ${h.validTo} should be ${next ? next.validFrom : null}`);
      const cause = this.sent.get(String(h.causedBy));
      if (!cause) out.push(`${where} history[${i}].causedBy ${h.causedBy} is not an event this scenario sent`);
      else if (occurredInstantOf(String(cause.occurredAt)) !== h.validFrom)
        out.push(
          `${where} history[${i}].validFrom ${h.validFrom} is not the occurredAt ${cause.occurredAt} of its cause ${this.localId(String(h.causedBy))}`,
        );
    }
    const current = history.at(-1);
    const cls = view.classification as Json;
    if (current && cls.since !== current.validFrom)
      out.push(
        `${where} classification.since ${String(cls.since)} is not the current history row's validFrom ${String(current.validFrom)}`,
      );
    if (history.length === 0) out.push(`${where} has no history`);
    if (current && (current.code !== cls.code || current.rule !== cls.rule || current.status !== view.status))
      out.push(
        `${where} the last history row (${current.status} ${current.code} ${current.rule}) is not the current classification (${view.status} ${cls.code} ${cls.rule})`,
      );
  }

  private async checkRecord(exp: RecordExpectation, out: string[]): Promise<void> {
    const { force, referralRef } = this.recordKey(exp);
    const where = `record ${force}/${referralRef}:`;
    const res = await this.getRecord(force, referralRef);
    if (exp.absent) {
      if (res.status !== 404)
        out.push(
          `${where} expected 404, got ${res.status} (${(res.body as Json).status} ${JSON.stringify((res.body as Json).classification)})`,
        );
      return;
    }
    if (res.status !== 200) {
      out.push(`${where} expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
      return;
    }
    const v = res.body as Json;
    const cls = v.classification as Json;
    const actual: Json = {
      status: v.status,
      code: cls.code,
      rule: cls.rule,
      crimeRequired: cls.crimeRequired,
      crimeReference: v.crimeReference,
      referralType: v.referralType,
      facts: v.facts,
      historyCodes: (v.history as Json[]).map((h) => h.code),
      historyRules: (v.history as Json[]).map((h) => h.rule),
      history: (v.history as Json[]).map((h) => ({ ...h, causedBy: this.localId(String(h.causedBy)) })),
    };
    const { force: _f, referralRef: _r, absent: _a, history, ...rest } = exp;
    mismatches(actual, rest, where, out);
    if (history) {
      const got = actual.history as Json[];
      if (got.length !== history.length)
        out.push(`${where} history: expected ${history.length} rows, got ${got.length}: ${JSON.stringify(got)}`);
      else history.forEach((h, i) => mismatches(got[i], h, `${where} history[${i}]`, out));
    }
    if (force !== this.defaults.force && v.force !== force) out.push(`${where} view.force is ${v.force}`);
    this.checkHistoryInvariants(v, where, out);
  }

  private async runStep(step: Step): Promise<void> {
    const exp = step.expect ?? {};
    const auth = `Bearer ${this.token}`;
    const single = step.send !== undefined;
    const expectations = [...(exp.record ? [exp.record] : []), ...(exp.records ?? [])];
    const keys = [
      ...(exp.record || (this.defaults.force && this.defaults.referralRef) ? [this.recordKey(exp.record)] : []),
      ...(exp.records ?? []).map((r) => this.recordKey(r)),
    ];
    const mustBeUnchanged = exp.unchanged ?? (exp.status === 400 || exp.status === 409 || (single && exp.status === 200));
    const before = mustBeUnchanged ? await this.snapshot(keys) : [];

    let res: Response;
    let events: Json[];
    if (single) {
      events = [this.materialise(step.send!)];
      res = await this.t.http.post('/v1/events').set('authorization', auth).send(events[0]);
    } else if (step.sendBatch !== undefined) {
      events = step.sendBatch.map((e) => this.materialise(e));
      res = await this.t.http.post('/v1/events/batch').set('authorization', auth).send({ events });
    } else if (step.sendRaw !== undefined) {
      events = [];
      res = await this.t.http
        .post('/v1/events/batch')
        .set('authorization', auth)
        .send(step.sendRaw as object);
    } else {
      events = [];
      res = undefined as unknown as Response;
    }

    const out: string[] = [];
    if (res) {
      const expected = exp.status ?? (single ? 201 : 200);
      if (res.status !== expected) out.push(`HTTP ${res.status}, expected ${expected}: ${JSON.stringify(res.body)}`);
      else if (res.status < 300) for (const e of events) if (!this.sent.has(String(e.eventId))) this.sent.set(String(e.eventId), e);
      const body = res.body as Json;
      if (single && res.status < 300) {
        const want = exp.result ?? (res.status === 201 ? 'APPLIED' : 'DUPLICATE');
        if (body.status !== want) out.push(`result ${String(body.status)}, expected ${want}`);
        if (body.eventId !== events[0].eventId)
          out.push(`eventId ${String(body.eventId)} in the answer, expected ${String(events[0].eventId)}`);
        // the answer carries the record as GET shows it
        const get = await this.getRecord(String(events[0].force), String(events[0].referralRef));
        if (JSON.stringify(get.body) !== JSON.stringify(body.record))
          out.push(`the answer's record differs from GET: ${JSON.stringify(body.record)} vs ${JSON.stringify(get.body)}`);
      }
      if (exp.results) {
        const got = ((body.results ?? []) as Json[]).map((r) => r.status);
        if (JSON.stringify(got) !== JSON.stringify(exp.results))
          out.push(`results ${JSON.stringify(got)}, expected ${JSON.stringify(exp.results)}`);
        const ids = ((body.results ?? []) as Json[]).map((r) => r.eventId);
        if (JSON.stringify(ids) !== JSON.stringify(events.map((e) => e.eventId)))
          out.push(`result eventIds ${JSON.stringify(ids)} not in request order`);
      }
      if (exp.errorFields) {
        const fields = (((res.body as Json).details ?? []) as Json[]).map((d) => String(d.field));
        for (const f of exp.errorFields) if (!fields.includes(f)) out.push(`error details ${JSON.stringify(fields)} do not name ${f}`);
      }
    }
    if (mustBeUnchanged) {
      const after = await this.snapshot(keys);
      after.forEach((a, i) => {
        if (a !== before[i]) out.push(`record ${keys[i].force}/${keys[i].referralRef} changed:\n  before ${before[i]}\n  after  ${a}`);
      });
    }
    for (const r of expectations) await this.checkRecord(r, out);
    if (out.length > 0) throw new Error(out.join('\n'));
  }

  async run(): Promise<void> {
    const steps = this.scenario.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      try {
        await this.runStep(step);
      } catch (err) {
        const what =
          step.note ??
          (step.send
            ? `send ${String(step.send.type)} ${String(step.send.eventId)}`
            : step.sendBatch
              ? `batch of ${step.sendBatch.length}`
              : 'raw');
        const e = new Error(`${this.scenario.name}: step ${i + 1} of ${steps.length} (${what}) failed:\n${(err as Error).message}`);
        e.stack = e.message;
        throw e;
      }
    }
  }
}
