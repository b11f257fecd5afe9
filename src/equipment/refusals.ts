// Why an equipment action was refused, as codes for the API and plain French for people.
export type EquipmentRefusal =
  | 'illegal_transition'
  | 'no_erasure_proof'
  | 'not_available'
  | 'not_eligible'
  | 'already_waiting'
  | 'no_price'
  | 'order_closed'
  | 'overpaid'
  | 'not_handed_over'
  | 'warranty_over'
  | 'ticket_closed'
  | 'serial_taken'
  | 'tier_exists'
  | 'erasure_locked'
  | 'offered_to_other'
  | 'paid_order'
  | 'device_available'
  | 'erasure_failed_ready';

export const equipmentRefusalMessages: Record<EquipmentRefusal, string> = {
  illegal_transition: 'Cet ordinateur ne peut pas passer à cet état depuis son état actuel.',
  no_erasure_proof: 'Pas de vente sans preuve d’effacement réussi des données de l’ancien propriétaire.',
  not_available: 'Cet ordinateur n’est plus disponible : il vient d’être réservé.',
  not_eligible: 'Ce foyer ne peut pas acheter d’ordinateur pour l’instant.',
  already_waiting: 'Ce foyer est déjà sur la liste d’attente.',
  no_price: 'Aucun prix n’est en vigueur pour ce tarif.',
  order_closed: 'Cette commande est close.',
  overpaid: 'Ce paiement dépasse ce qui reste à payer.',
  not_handed_over: 'L’ordinateur n’a pas encore été remis.',
  warranty_over: 'La garantie est terminée.',
  ticket_closed: 'Ce ticket est déjà clos.',
  serial_taken: 'Un ordinateur avec ce numéro de série est déjà en stock.',
  tier_exists: 'Ce tarif a déjà un montant à partir de cette date.',
  erasure_locked: 'La preuve d’effacement d’un ordinateur réservé ou remis ne change plus.',
  offered_to_other: 'Cet ordinateur est proposé au premier foyer de la liste d’attente pendant une semaine.',
  paid_order: 'Un paiement a été fait : seule la recyclerie peut annuler, en remboursant.',
  device_available: 'Un ordinateur de ce tarif et de ce type est prêt : réservez-le plutôt que d’attendre.',
  erasure_failed_ready: 'L’effacement a échoué : l’ordinateur repart en reconditionnement.',
};

export type Refused<R extends EquipmentRefusal = EquipmentRefusal> = { ok: false; reason: R; field?: string };
export const equipmentRefusalMessage = (reason: EquipmentRefusal) => equipmentRefusalMessages[reason];
