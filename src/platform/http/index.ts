// What the web layer (pages, API, server) shares: request context and the mapping of errors to HTTP.
export { type AppServices, clientIpContext, servicesContext } from './context.ts';
export { downloadResponse } from './download.ts';
export { type HttpProblem, problemFor } from './errors.ts';
