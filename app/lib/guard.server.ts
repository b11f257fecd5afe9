// Turns the errors use cases throw (forbidden, not found, bad file) into HTTP answers the error page explains.
import { data } from 'react-router';
import { problemFor } from '../../src/platform/http/index.ts';
import { ForbiddenError, NotFoundError } from '../../src/platform/permissions/index.ts';

export function guard<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      if (error instanceof ForbiddenError || error instanceof NotFoundError) {
        const problem = problemFor(error);
        throw data({ message: problem.message }, { status: problem.status });
      }
      throw error;
    }
  };
}
