// Placeholder: the privacy API, filled by the privacy work.
import { apiRouter } from './context.ts';

export function privacyApi() {
  return apiRouter();
}
