import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { type ErrorDetail, ValidationFailedError } from './app-error';

/** Flattens class-validator's tree into one detail per failed constraint, with a dotted field path. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const reason of Object.values(e.constraints ?? {})) out.push({ field, reason });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** Nesting a request body may have where a DTO is built from it: the DTOs nest two levels at most. */
export const MAX_BODY_DEPTH = 32;

/** Whether `value` nests objects or arrays deeper than `limit` (counted without recursion, so any depth is safe). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Nest's ValidationPipe, refusing first a body too deeply nested for class-transformer, which recurses once a
 * level and overflows the stack at a few thousand (a 500 before this). Only where a DTO is built: bodies read as
 * `unknown` (events, NRM forms) have their own validators, which do not recurse.
 */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata) && nestsDeeperThan(value, MAX_BODY_DEPTH)) {
      throw new ValidationFailedError([{ field: 'body', reason: `nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep` }]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
