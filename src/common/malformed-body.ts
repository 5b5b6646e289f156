import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { AppError } from './app-error';

/**
 * A JSON body that did not parse, kept in the body's place (parseJsonBody) so that the auth guard answers
 * first: a caller without a valid token learns nothing of how the body is read (401/403 before 400).
 */
export class MalformedBody {
  constructor(readonly error: AppError) {}
}

/** Answers a MalformedBody with its 400, after the guards and before any pipe or handler sees the body. */
@Injectable()
export class MalformedBodyInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = ctx.switchToHttp().getRequest<{ body?: unknown }>().body;
    if (body instanceof MalformedBody) throw body.error;
    return next.handle();
  }
}
