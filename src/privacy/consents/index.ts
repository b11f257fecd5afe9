// Consents and what depends on them: withdrawing one stops, in the same transaction, what must stop at once.
export { consentEffectMessage, withdrawHouseholdConsent } from './withdraw-household-consent.ts';
