import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isForceCode } from '../hocr/forces';
import { parseAcceptedDate, parseAcceptedInstant, YEARS_ACCEPTED } from '../hocr/iso';
import { ValidationFailedError } from './app-error';

/**
 * Validators for the values a request names that reach SQL or the date arithmetic: instants, calendar
 * dates and free strings. The reasons do not repeat the field: the error envelope's detail names it.
 */

export const INSTANT_REASON = `must be an ISO 8601 date-time with an offset, e.g. 2025-04-01T00:00:00Z, in ${YEARS_ACCEPTED}`;
export const DATE_REASON = `must be a calendar date YYYY-MM-DD, e.g. 2025-04-01, in ${YEARS_ACCEPTED}`;
/** A UUID, 8-4-4-4-12 hex digits (PostgreSQL's uuid type reads either case); 36 dashes are not one. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const TEXT_REASON = 'must not contain NUL characters or unpaired surrogates';

/**
 * An instant (docs/decisions.md, "Dates on the wire are in the years 1900–2999"): the service's strict
 * parser, not @IsISO8601, whose strict mode still passes week dates, ordinal dates, basic formats and
 * local times that `new Date()` cannot read or reads in the server's time zone.
 */
export function IsAcceptedInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAcceptedInstant',
      validator: { validate: (v) => typeof v === 'string' && parseAcceptedInstant(v) !== null, defaultMessage: () => INSTANT_REASON },
    },
    options,
  );
}

/** A real calendar date `YYYY-MM-DD` (no 30 February) in the accepted years. */
export function IsAcceptedDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAcceptedDate',
      validator: { validate: (v) => typeof v === 'string' && parseAcceptedDate(v) !== null, defaultMessage: () => DATE_REASON },
    },
    options,
  );
}

/**
 * Text PostgreSQL can hold: no NUL (text columns refuse it: "unsupported Unicode escape sequence") and no
 * unpaired UTF-16 surrogate (not a character; it cannot be encoded as UTF-8).
 */
export function isWellFormedText(value: string): boolean {
  return !value.includes('\0') && value.isWellFormed();
}

export function IsWellFormedText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWellFormedText',
      validator: { validate: (v) => typeof v !== 'string' || isWellFormedText(v), defaultMessage: () => TEXT_REASON },
    },
    options,
  );
}

/**
 * A required string of at most `max` characters that PostgreSQL can hold, as one constraint with one reason
 * (a missing value is "is required", not the string and length rules it also fails).
 */
export function IsRequiredText(max: number, options?: ValidationOptions): PropertyDecorator {
  const reason = (v: unknown): string | null =>
    v === undefined || v === null || v === ''
      ? 'is required'
      : typeof v !== 'string'
        ? 'must be a string'
        : v.length > max
          ? `must be at most ${max} characters`
          : isWellFormedText(v)
            ? null
            : TEXT_REASON;
  return ValidateBy(
    { name: 'isRequiredText', validator: { validate: (v) => reason(v) === null, defaultMessage: (args) => reason(args?.value) ?? '' } },
    options,
  );
}

const FORCE_SHAPE = /^(?:[EW]\d{8}|BTP)$/;

/**
 * One of the forces of src/hocr/forces.ts (or ALL where a national answer is allowed). A well-formed code
 * that names no force (E99999999) is refused as unknown, as GET /v1/returns always did, rather than
 * answered with an empty list that reads as "this force has nothing".
 */
export function IsForceCode(opts: { all?: boolean } = {}, options?: ValidationOptions): PropertyDecorator {
  const example = opts.all ? 'a force code such as E23000010, or ALL' : 'a force code such as E23000010 or BTP';
  return ValidateBy(
    {
      name: 'isForceCode',
      validator: {
        validate: (v) => (opts.all === true && v === 'ALL') || isForceCode(v),
        defaultMessage: (args) =>
          typeof args?.value === 'string' && FORCE_SHAPE.test(args.value) ? 'unknown force code' : `must be ${example}`,
      },
    },
    options,
  );
}

/** The Date of an instant parameter that passed IsAcceptedInstant (a 400 naming it if it did not). */
export function instantParam(field: string, value: string): Date {
  const ms = parseAcceptedInstant(value);
  if (ms === null) throw new ValidationFailedError([{ field, reason: INSTANT_REASON }]);
  return new Date(ms);
}

/**
 * An instant parameter that passed IsAcceptedInstant, to the microsecond as PostgreSQL keeps instants
 * (`2026-11-23T16:23:36.459466Z`; digits past the sixth are dropped), for a filter on a column stored to the
 * microsecond: `instantParam` keeps milliseconds, and a row 0.4 ms before a bound would pass it.
 */
export function instantMicrosParam(field: string, value: string): string {
  const ms = instantParam(field, value).toISOString();
  const fraction = /^.{19}\.(\d+)/.exec(value)?.[1] ?? '';
  return `${ms.slice(0, 23)}${fraction.slice(3, 6).padEnd(3, '0')}Z`;
}

/**
 * SPEC §5: a read is "as at any past service time" and must give exactly what the service would have
 * answered then. A later time has no such answer yet (events stored before it would change it), so it is
 * refused rather than answered as now under a future label (docs/decisions.md, "asAt is a past instant").
 */
export function asAtOrNow(asAt: Date | undefined, now: Date): Date {
  if (asAt === undefined) return now;
  if (asAt.getTime() > now.getTime()) {
    throw new ValidationFailedError([
      { field: 'asAt', reason: `must not be later than the service's current time (${now.toISOString()}); leave it out to read as at now` },
    ]);
  }
  return asAt;
}
