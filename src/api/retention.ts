// Placeholder: the retention API, filled by the privacy work.
import { apiRouter } from './context.ts';

export function retentionApi() {
  return apiRouter();
}
