import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC exception handling replaces any error that is not an `RpcException` with
 * `{ status: 'error', message: 'Internal server error' }`. The transport must see the original error to
 * tell an outage (retry until the dependency is back) from a domain error (dead-letter at once) from a
 * bug (bounded retries): this filter, bound to the event transport only, hands it through unchanged.
 */
@Catch()
export class EventErrorPassthroughFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
