// Why an advice action was refused, as codes for the API and plain French for people.
export type AdviceRefusal = 'not_a_member' | 'not_an_operator' | 'illegal_status';

export const adviceRefusalMessages: Record<AdviceRefusal, string> = {
  not_a_member: 'Cette personne ne fait pas partie de ce foyer.',
  not_an_operator: 'Choisissez un opérateur du programme, ou écrivez son nom.',
  illegal_status: 'Ce dossier ne peut pas passer à cet état depuis son état actuel.',
};

export type Refused<R extends AdviceRefusal = AdviceRefusal> = { ok: false; reason: R; field?: string };
export const adviceRefusalMessage = (reason: AdviceRefusal) => adviceRefusalMessages[reason];
