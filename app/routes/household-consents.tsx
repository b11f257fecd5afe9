// /foyers/:id/consentements: what a household agreed to, purpose by purpose, with dates and how it was collected,
// for those who may change the household: they note a new agreement or withdraw one — and are told what stops.
import {
  type ActionFunctionArgs,
  data,
  Form,
  Link,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import { z } from 'zod';
import {
  ConsentInput,
  type ConsentPurpose,
  consentPurposes,
  consentSources,
  IsoDate,
  listHouseholdConsents,
  recordConsent,
} from '../../src/households/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { consentEffectMessage, withdrawHouseholdConsent } from '../../src/privacy/index.ts';
import { FormErrors, Notice, SelectField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const handle = { hydrate: false };
export const meta = ({ loaderData }: { loaderData?: { consents: { reference: string } } }) => [
  { title: `Consentements du foyer ${loaderData?.consents.reference ?? ''} — Palier` },
];

/** What each purpose covers, and what stops when it is withdrawn, for someone who has never used Palier. */
const purposeText: Record<ConsentPurpose, { covers: string; withdrawn: string }> = {
  contact: {
    covers:
      'Recevoir des SMS, des e-mails ou des appels du programme : rappels d’ateliers et de rendez-vous.',
    withdrawn:
      'Sans cet accord : plus de SMS, d’e-mail ni d’appel. Les rappels s’arrêtent ; les informations utiles arrivent par courrier.',
  },
  operator_sharing: {
    covers:
      'Donner le nom et le téléphone à l’opérateur pour fixer le rendez-vous de raccordement à Internet.',
    withdrawn:
      'Sans cet accord : l’opérateur voit seulement le logement et propose le rendez-vous par courrier ou par le bailleur.',
  },
  testimony: {
    covers: 'Montrer les témoignages du foyer dans les bilans du programme.',
    withdrawn: 'Sans cet accord : les témoignages du foyer sont retirés partout et leurs mots effacés.',
  },
  statistics: {
    covers:
      'Compter les réponses du profil (minima sociaux, parent seul, vit seul, première utilisation, âge) dans les statistiques, toujours anonymes.',
    withdrawn: 'Sans cet accord : les réponses du profil comptent comme « non renseigné ».',
  },
};

const stateText = {
  given: 'Accord donné',
  withdrawn: 'Accord retiré',
  not_asked: 'Pas encore demandé',
} as const;

const notInFuture = (day: string) => day <= localDate(new Date());
const ConsentForm = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('give'),
    consent: ConsentInput.refine((c) => notInFuture(c.givenOn), {
      message: 'La date ne peut pas être dans le futur',
      path: ['givenOn'],
    }),
  }),
  z.object({
    intent: z.literal('withdraw'),
    consentId: z.coerce.number().int().positive().max(2_147_483_647),
    withdrawnOn: IsoDate.refine(notInFuture, 'La date ne peut pas être dans le futur'),
  }),
]);

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  // The page is for those who note and withdraw consents (`household.write`); readers see them on the household.
  const actor = await requireActor(request, context, 'household.write');
  const consents = await listHouseholdConsents({
    db: services(context).db,
    actor,
    householdId: intParam(params.id),
  });
  const query = new URL(request.url).searchParams;
  const withdrawn = query.get('retire') as ConsentPurpose | null;
  const counts = Object.fromEntries(
    ['messagesCancelled', 'testimoniesWithdrawn'].map((key) => [key, Number(query.get(key)) || 0]),
  );
  return {
    consents,
    today: localDate(new Date()),
    done:
      withdrawn && consentPurposes.includes(withdrawn)
        ? { kind: 'withdrawn' as const, message: consentEffectMessage(withdrawn, counts) }
        : query.get('fait') === 'donne'
          ? { kind: 'given' as const, message: 'L’accord est noté.' }
          : null,
  };
});

const refusals: Record<string, string> = {
  already_given: 'Cet accord est déjà noté.',
  not_active: 'Cet accord est déjà retiré.',
};

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'household.write');
  const householdId = intParam(params.id);
  const { db } = services(context);
  const { submission } = await parseForm(request, ConsentForm);
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  if (value.intent === 'give') {
    const given = await recordConsent({ db, actor, householdId, input: value.consent });
    if (!given.ok)
      return data({ result: submission.reply({ formErrors: [refusals[given.reason]!] }) }, { status: 409 });
    return redirect(`/foyers/${householdId}/consentements?fait=donne`);
  }
  const withdrawn = await withdrawHouseholdConsent({
    db,
    actor,
    householdId,
    consentId: value.consentId,
    withdrawnOn: value.withdrawnOn,
  });
  if (!withdrawn.ok)
    return data({ result: submission.reply({ formErrors: [refusals[withdrawn.reason]!] }) }, { status: 409 });
  const query = new URLSearchParams({ retire: withdrawn.purpose });
  for (const [key, count] of Object.entries(withdrawn.effects)) if (count) query.set(key, String(count));
  return redirect(`/foyers/${householdId}/consentements?${query}`);
});

export default function HouseholdConsentsPage() {
  const { consents, today, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date } = useI18n();
  const result = actionData?.result;
  const errors = (result?.error ?? {}) as Record<string, string[] | undefined>;
  const sent = result?.initialValue as {
    intent?: string;
    consentId?: string;
    consent?: { purpose?: string };
  };
  // Field errors belong to the form that was sent: the purpose given, or the consent withdrawn.
  const sentBy = (purpose: ConsentPurpose, activeId: number | null) =>
    sent?.intent === 'give'
      ? sent.consent?.purpose === purpose
      : sent?.intent === 'withdraw' && String(activeId) === sent.consentId;
  return (
    <Page
      title={`Consentements du foyer ${consents.reference}`}
      crumbs={[
        { to: '/foyers', label: t('household.listTitle') },
        { to: `/foyers/${consents.householdId}`, label: `Foyer ${consents.reference}` },
      ]}
    >
      {done ? <Notice>{done.message}</Notice> : null}
      <FormErrors errors={result?.error?.[''] as string[] | undefined} />
      <p className="lead">
        Le foyer décide, pour chaque usage, s’il est d’accord. Il peut changer d’avis à tout moment : ce qui
        dépend de son accord s’arrête aussitôt.
      </p>
      {consents.purposes.map(({ purpose, state, activeId }) => {
        const id = `p-${purpose}`;
        const mine = sentBy(purpose, activeId);
        return (
          <section key={purpose} aria-labelledby={`${id}-title`}>
            <h2 id={`${id}-title`}>{t(`consentPurposes.${purpose}`)}</h2>
            <p>{purposeText[purpose].covers}</p>
            <p>
              <strong>{stateText[state]}</strong>
            </p>
            <p className="hint">{purposeText[purpose].withdrawn}</p>
            {consents.mayWrite && activeId !== null ? (
              <Form
                method="post"
                action={`/foyers/${consents.householdId}/consentements`}
                className="inline"
                aria-label={`Retirer l’accord : ${t(`consentPurposes.${purpose}`)}`}
              >
                <input type="hidden" name="intent" value="withdraw" />
                <input type="hidden" name="consentId" value={activeId} />
                <TextField
                  name="withdrawnOn"
                  id={`${id}-withdrawn-on`}
                  label="Retiré le"
                  type="date"
                  required
                  defaultValue={today}
                  errors={mine ? errors.withdrawnOn : undefined}
                />
                <button type="submit" className="secondary">
                  Retirer l’accord
                </button>
              </Form>
            ) : null}
            {consents.mayWrite && activeId === null ? (
              <Form
                method="post"
                action={`/foyers/${consents.householdId}/consentements`}
                className="inline"
                aria-label={`Noter l’accord : ${t(`consentPurposes.${purpose}`)}`}
              >
                <input type="hidden" name="intent" value="give" />
                <input type="hidden" name="consent.purpose" value={purpose} />
                <TextField
                  name="consent.givenOn"
                  id={`${id}-given-on`}
                  label="Donné le"
                  type="date"
                  required
                  defaultValue={today}
                  errors={mine ? errors['consent.givenOn'] : undefined}
                />
                <SelectField
                  name="consent.source"
                  id={`${id}-source`}
                  label="Recueilli"
                  required
                  options={consentSources.map((s) => ({ value: s, label: t(`consentSources.${s}`) }))}
                  errors={mine ? errors['consent.source'] : undefined}
                />
                <button type="submit">Noter l’accord</button>
              </Form>
            ) : null}
          </section>
        );
      })}
      <section aria-labelledby="history-title">
        <h2 id="history-title">Historique</h2>
        {consents.consents.length ? (
          <table>
            <caption className="visually-hidden">Accords du foyer, du plus récent au plus ancien</caption>
            <thead>
              <tr>
                <th scope="col">Usage</th>
                <th scope="col">Donné le</th>
                <th scope="col">Recueilli</th>
                <th scope="col">Retiré le</th>
              </tr>
            </thead>
            <tbody>
              {consents.consents.map((c) => (
                <tr key={c.id}>
                  <td>{t(`consentPurposes.${c.purpose}`)}</td>
                  <td>{date(c.givenOn)}</td>
                  <td>{t(`consentSources.${c.source}`)}</td>
                  <td>{c.withdrawnOn ? date(c.withdrawnOn) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Aucun accord noté pour ce foyer.</p>
        )}
      </section>
      <p>
        <Link to={`/foyers/${consents.householdId}`}>Retour au foyer</Link>
      </p>
    </Page>
  );
}
