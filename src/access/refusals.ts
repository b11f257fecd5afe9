// Why an access action was refused, as codes for the API and plain French for people.
export type AccessRefusal =
  | 'not_adopted'
  | 'service_exists'
  | 'tariff_in_past'
  | 'tariff_exists'
  | 'month_closed'
  | 'month_not_run'
  | 'month_in_future'
  | 'line_not_closed'
  | 'no_service'
  | 'request_live'
  | 'illegal_transition'
  | 'idempotency_key_reused'
  | 'closing_in_past'
  | 'already_connected'
  | 'month_stale'
  | 'adjustment_too_large'
  | 'not_install_help'
  | 'no_install_visit';

export const accessRefusalMessages: Record<AccessRefusal, string> = {
  not_adopted: 'Les locataires de ce secteur n’ont pas adopté le service : pas de service sans accord.',
  service_exists: 'Ce secteur a déjà son service.',
  tariff_in_past: 'Un nouveau tarif commence un mois à venir : le passé ne change jamais.',
  tariff_exists: 'Un tarif commence déjà ce mois-là.',
  month_closed: 'Les charges de ce mois sont closes : elles ne changent plus (corrigez par un ajustement).',
  month_not_run: 'Les charges de ce mois n’ont pas encore été calculées.',
  month_in_future: 'Les charges d’un mois se calculent à partir du 1er de ce mois.',
  line_not_closed: 'On ajuste une ligne d’un mois clos, dans un mois ouvert plus récent.',
  no_service: 'Le logement de ce foyer n’est pas dans un secteur où le service est ouvert.',
  request_live: 'Une demande de raccordement est déjà en cours pour ce foyer.',
  illegal_transition: 'Cette étape ne peut pas suivre l’état actuel de la demande.',
  idempotency_key_reused: 'Cette clé d’idempotence a déjà servi pour une autre étape de cette demande.',
  closing_in_past:
    'Un service ferme le 1er d’un mois à venir, après son ouverture, et une fermeture passée ne change plus.',
  already_connected: 'Ce foyer est déjà raccordé à Internet dans ce logement.',
  month_stale: 'Le parc ou les services ont changé depuis le calcul : recalculez le mois avant de le clore.',
  adjustment_too_large: 'Les ajustements ne peuvent pas rembourser plus que la ligne facturée.',
  not_install_help: 'Ce foyer n’a pas demandé d’aide à l’installation.',
  no_install_visit: 'Aucune visite n’est prévue : fixez d’abord la date de la visite.',
};

export type Refused<R extends AccessRefusal = AccessRefusal> = { ok: false; reason: R; field?: string };

export const accessRefusalMessage = (reason: AccessRefusal) => accessRefusalMessages[reason];
