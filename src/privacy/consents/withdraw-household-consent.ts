// Withdrawing a consent with everything that depends on it, in one transaction with its audit event: the contact
// consent cancels the SMS, e-mails and calls not yet gone; the testimony consent withdraws the household's
// testimonies. The other effects are read where they apply, so they hold from this moment on: new activation
// requests carry no contact (src/access), the statistics no longer use the profile (src/impact), reminders are not
// queued and other messages go by post (src/notifications, src/workshops, src/advice).
import {
  type ConsentEffects,
  type ConsentPurpose,
  type WithdrawConsentResult,
  withdrawConsent,
} from '../../households/index.ts';
import { withdrawHouseholdTestimonies } from '../../impact/index.ts';
import { cancelDirectMessages } from '../../notifications/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/permissions/index.ts';
import { plural } from '../../platform/personal-data.ts';

const effectsFor =
  (actor: Actor): ConsentEffects =>
  async (tx, { householdId, purpose, withdrawnOn }): Promise<Record<string, number>> => {
    switch (purpose) {
      case 'contact':
        return {
          messagesCancelled: await cancelDirectMessages(tx, { programmeId: actor.programmeId, householdId }),
        };
      case 'testimony':
        return {
          testimoniesWithdrawn: await withdrawHouseholdTestimonies(tx, actor, { householdId, withdrawnOn }),
        };
      default:
        return {};
    }
  };

/** Withdraws one of a household's consents and applies at once what depends on it. */
export function withdrawHouseholdConsent(args: {
  db: Db;
  actor: Actor;
  householdId: number;
  consentId: number;
  withdrawnOn: string;
}): Promise<WithdrawConsentResult> {
  return withdrawConsent({ ...args, effects: effectsFor(args.actor) });
}

/** In plain French: what the withdrawal of a purpose changes, with the counts of what stopped at once. */
export function consentEffectMessage(purpose: ConsentPurpose, effects: Record<string, number>): string {
  const n = (key: string) => effects[key] ?? 0;
  switch (purpose) {
    case 'contact': {
      const cancelled = n('messagesCancelled');
      return `Plus aucun SMS, e-mail ni appel pour ce foyer : les rappels s’arrêtent, les informations utiles (place libérée, séance déplacée ou annulée, rendez-vous) partent par courrier.${
        cancelled
          ? ` ${plural(cancelled, 'message en attente a été annulé', 'messages en attente ont été annulés')}.`
          : ''
      }`;
    }
    case 'operator_sharing':
      return 'Les prochaines demandes de raccordement partent sans nom ni téléphone : l’opérateur voit le logement et propose le rendez-vous par courrier ou par le bailleur. Il ne voit plus le contact des demandes en cours.';
    case 'testimony': {
      const withdrawn = n('testimoniesWithdrawn');
      return `Les témoignages de ce foyer ne sont plus montrés nulle part (listes, bilans, exports).${
        withdrawn
          ? ` ${plural(withdrawn, 'témoignage a été retiré', 'témoignages ont été retirés')} : leurs mots sont effacés.`
          : ''
      }`;
    }
    case 'statistics':
      return 'Les réponses du profil de ce foyer ne comptent plus dans les statistiques : elles y sont traitées comme « non renseigné ».';
  }
}
