// What the web layer (pages, API, server) shares: request context and the mapping of errors to HTTP.
export { type AppServices, clientIpContext, cspNonceContext, servicesContext } from './context.ts';
export { downloadResponse } from './download.ts';
export { describeForLog, type HttpProblem, pathForLog, problemFor } from './errors.ts';
