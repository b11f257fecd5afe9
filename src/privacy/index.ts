// Residents' rights and retention: what Palier holds on a person (access, portability), erasure and anonymisation
// across every module, consents' effects, and the retention rules that archive then erase data when its time is up.
export * from './consents/index.ts';
export * from './erasure/index.ts';
export * from './personal-data/index.ts';
export * from './retention/index.ts';
export { erasure, retentionRun, retentionSetting } from './schema.ts';
