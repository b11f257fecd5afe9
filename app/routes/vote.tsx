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
import { sheetsForVote } from '../../src/advice/index.ts';
import { displayPhone } from '../../src/households/index.ts';
import { toLocalInput } from '../../src/platform/dates.ts';
import { canAtAll } from '../../src/platform/permissions/index.ts';
import {
  certifyVote,
  choices,
  createPaperBatch,
  getVote,
  NewPaperBatch,
  recordInPersonBallot,
  refusalMessage,
  StaffBallot,
} from '../../src/votes/index.ts';
import { FormErrors, Notice, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm, readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ loaderData }: { loaderData?: { detail: { vote: { reference: string } } } }) => [
  { title: `${loaderData?.detail.vote.reference ?? 'Consultation'} — Palier` },
];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.read');
  const detail = await getVote({ db: services(context).db, actor, voteId: intParam(params.id) });
  return {
    detail,
    // Offer sheets the coordinator attached to the vote's information (public pages).
    sheets: await sheetsForVote(services(context).db, detail.vote.id),
    now: new Date(),
    done: new URL(request.url).searchParams.get('fait'),
    can: {
      conduct: canAtAll(actor, 'vote.conduct'),
      certify: canAtAll(actor, 'vote.certify'),
    },
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.read');
  const voteId = intParam(params.id);
  const { db } = services(context);
  const form = await readForm(request.clone());
  const intent = form.get('intent');
  if (intent === 'in-person') {
    const { submission } = await parseForm(request, StaffBallot);
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 });
    const { code, dwellingReference, choice } = submission.value;
    const recorded = await recordInPersonBallot({
      db,
      actor,
      voteId,
      key: (code ?? dwellingReference)!,
      choice,
    });
    if (!recorded.ok) {
      const message = [refusalMessage(recorded.reason), recorded.detail].filter(Boolean).join(' — ');
      return data({ intent, result: submission.reply({ formErrors: [message] }) }, { status: 409 });
    }
    return redirect(`/consultations/${voteId}?fait=vote-enregistre#en-personne`);
  }
  if (intent === 'batch') {
    const { submission } = await parseForm(request, NewPaperBatch);
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 });
    const created = await createPaperBatch({ db, actor, voteId, input: submission.value });
    if (!created.ok)
      return data(
        { intent, result: submission.reply({ formErrors: [refusalMessage(created.reason)] }) },
        { status: 409 },
      );
    return redirect(`/consultations/${voteId}/lots/${created.batchId}`);
  }
  if (intent === 'certify') {
    const certified = await certifyVote({ db, actor, voteId });
    if (!certified.ok)
      return data(
        { intent, result: { status: 'error' as const, error: { '': [refusalMessage(certified.reason)] } } },
        { status: 409 },
      );
    return redirect(`/consultations/${voteId}?fait=certifiee`);
  }
  return data(
    { intent, result: { status: 'error' as const, error: { '': ['Action inconnue'] } } },
    { status: 400 },
  );
});

const errorsOf = (result: unknown, name = '') =>
  ((result as { error?: Record<string, string[] | null> } | undefined)?.error?.[name] ?? undefined) as
    | string[]
    | undefined;

export default function VotePage() {
  const { detail, now, done, can, sheets } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date, dateTime, number, cents, percent } = useI18n();
  const { vote, tally, decision, phase } = detail;
  const voted = detail.voted;
  const closed = phase === 'closed' || phase === 'certified';
  const errorsFor = (intent: string, name = '') =>
    actionData?.intent === intent ? errorsOf(actionData.result, name) : undefined;
  return (
    <Page
      title={t('votes.voteTitle', { reference: vote.reference, sector: detail.sectorName })}
      crumbs={[{ to: '/consultations', label: t('votes.title') }]}
    >
      {done && ['ouverte', 'vote-enregistre', 'certifiee'].includes(done) ? (
        <Notice>{t(`votes.done.${done}`)}</Notice>
      ) : null}
      <dl className="facts">
        <dt>{t('votes.phaseLabel')}</dt>
        <dd>
          <strong>{t(`votes.phase.${phase}`)}</strong>
        </dd>
        <dt>{t('votes.sector')}</dt>
        <dd>
          {detail.sectorName} ({detail.neighbourhoodName})
        </dd>
        <dt>{t('votes.window')}</dt>
        <dd>
          {dateTime(vote.opensAt)} – {dateTime(vote.closesAt)}
        </dd>
        <dt>{t('votes.procedure')}</dt>
        <dd>
          {t(`votes.procedures.${vote.procedure}`)} <span className="hint">({vote.ruleVersion})</span>
        </dd>
        <dt>{t('votes.offer')}</dt>
        <dd>
          {vote.serviceName}, {detail.operatorName} —{' '}
          {t('votes.perMonth', { amount: cents(vote.monthlyAmountCents) })},{' '}
          {t('votes.fromDate', { date: date(vote.tariffFrom) })}
        </dd>
        {vote.meetingAt ? (
          <>
            <dt>{t('votes.meeting')}</dt>
            <dd>
              {dateTime(vote.meetingAt)}
              {vote.meetingPlace ? `, ${vote.meetingPlace}` : ''}
            </dd>
          </>
        ) : null}
        <dt>{t('votes.helpPhone')}</dt>
        <dd>{displayPhone(vote.helpPhone)}</dd>
        <dt>{t('votes.dwellingsConcerned')}</dt>
        <dd>{number(vote.dwellingsConcerned)}</dd>
      </dl>
      <p className="hint">{detail.ruleText}</p>

      <h2 id="participation">{t('votes.turnoutTitle')}</h2>
      <p className="big-figure">
        {t('votes.turnoutSentence', {
          voted: number(voted),
          concerned: number(vote.dwellingsConcerned),
          percent: percent(detail.turnoutBp),
        })}
      </p>
      <p className="hint">
        {t('votes.updatedAt', { time: dateTime(now) })}{' '}
        <Link to={`/consultations/${vote.id}`}>{t('votes.refresh')}</Link>
      </p>
      {detail.choicesVisible ? (
        <table>
          <caption>{t('votes.byChannel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('votes.channelLabel')}</th>
              {choices.map((c) => (
                <th scope="col" className="num" key={c}>
                  {t(`votes.choice.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tally.byChannel.map((row) => (
              <tr key={row.channel}>
                <th scope="row">{t(`votes.channel.${row.channel}`)}</th>
                {choices.map((c) => (
                  <td className="num" key={c}>
                    {number(row[c])}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">{t('votes.total')}</th>
              {choices.map((c) => (
                <td className="num" key={c}>
                  <strong>{number(tally.totals[c])}</strong>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      ) : (
        <>
          <table>
            <caption>{t('votes.votedByChannel')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('votes.channelLabel')}</th>
                <th scope="col" className="num">
                  {t('votes.votedCount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {tally.votedByChannel.map((row) => (
                <tr key={row.channel}>
                  <th scope="row">{t(`votes.channel.${row.channel}`)}</th>
                  <td className="num">{number(row.voted)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>{t('votes.choicesHidden')}</p>
        </>
      )}
      {tally.late ? <p>{t('votes.late', { count: tally.late })}</p> : null}

      {decision ? (
        <>
          <h2 id="resultat">{t('votes.resultTitle')}</h2>
          <p>
            <strong>
              {closed
                ? t(`votes.result.${decision.result}`)
                : t('votes.provisional', { result: t(`votes.result.${decision.result}`) })}
            </strong>
          </p>
          <p>{detail.decisionText}</p>
        </>
      ) : null}
      {vote.certifiedAt ? (
        <p>
          {t('votes.certifiedBy', { date: dateTime(vote.certifiedAt), by: vote.certifiedBy ?? '' })}{' '}
          {detail.recountMatches ? t('votes.recountOk') : t('votes.recountMismatch')}
        </p>
      ) : null}
      <ul className="links">
        {decision ? (
          <li>
            <a href={`/consultations/${vote.id}/proces-verbal.pdf`}>
              {vote.certifiedAt ? t('votes.reportPdf') : t('votes.reportDraftPdf')}
            </a>
          </li>
        ) : null}
        {can.conduct ? (
          <>
            <li>
              <a href={`/consultations/${vote.id}/lettres.pdf`}>
                {t('votes.lettersPdf', { count: vote.dwellingsConcerned })}
              </a>
            </li>
            <li>
              <Link to={`/consultations/${vote.id}/logements`}>{t('votes.dwellingsLink')}</Link>
            </li>
          </>
        ) : null}
      </ul>
      {can.certify && phase === 'closed' ? (
        <Form method="post">
          <input type="hidden" name="intent" value="certify" />
          <FormErrors errors={errorsFor('certify')} />
          <p>{t('votes.certifyExplain')}</p>
          <button type="submit">{t('votes.certify')}</button>
        </Form>
      ) : null}

      {can.conduct && phase === 'open' ? (
        <>
          <h2 id="en-personne">{t('votes.inPersonTitle')}</h2>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="in-person" />
            <FormErrors errors={errorsFor('in-person')} />
            <TextField
              name="code"
              label={t('votes.code')}
              hint={t('votes.codeOrDwelling')}
              autoComplete="off"
              errors={errorsFor('in-person', 'code')}
            />
            <TextField
              name="dwellingReference"
              label={t('votes.dwellingReference')}
              autoComplete="off"
              errors={errorsFor('in-person', 'dwellingReference')}
            />
            <fieldset>
              <legend>{t('votes.choiceLabel')}</legend>
              {errorsFor('in-person', 'choice') ? (
                <p className="field-error">{errorsFor('in-person', 'choice')!.join(' ')}</p>
              ) : null}
              {choices.map((c) => (
                <span className="radio" key={c}>
                  <input type="radio" id={`in-person-${c}`} name="choice" value={c} required />
                  <label htmlFor={`in-person-${c}`}>{t(`votes.choice.${c}`)}</label>
                </span>
              ))}
            </fieldset>
            <button type="submit">{t('votes.record')}</button>
          </Form>
        </>
      ) : null}

      {can.conduct && phase !== 'certified' && phase !== 'upcoming' ? (
        <>
          <h2 id="papier">{t('votes.paperTitle')}</h2>
          <p>{t('votes.paperIntro')}</p>
          {detail.batches.length ? (
            <table>
              <caption className="visually-hidden">{t('votes.paperTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('votes.batch')}</th>
                  <th scope="col">{t('votes.receivedAt')}</th>
                  <th scope="col">{t('votes.batchStatusLabel')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.batches.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <Link to={`/consultations/${vote.id}/lots/${b.id}`}>
                        {t('votes.batchName', { number: b.number, label: b.label })}
                      </Link>
                    </td>
                    <td>{dateTime(b.receivedAt)}</td>
                    <td>{t(`votes.batchStatus.${b.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="batch" />
            <FormErrors errors={errorsFor('batch')} />
            <TextField
              name="label"
              id="batch-label"
              label={t('votes.batchLabel')}
              hint={t('votes.batchLabelHint')}
              required
              errors={errorsFor('batch', 'label')}
            />
            <TextField
              name="receivedAt"
              id="batch-received"
              label={t('votes.receivedAt')}
              type="datetime-local"
              required
              defaultValue={toLocalInput(
                new Date(Math.min(new Date(now).getTime(), new Date(vote.closesAt).getTime())),
              )}
              errors={errorsFor('batch', 'receivedAt')}
            />
            <button type="submit">{t('votes.newBatch')}</button>
          </Form>
        </>
      ) : null}

      <h2 id="batiments">{t('votes.byBuilding')}</h2>
      <table>
        <caption className="visually-hidden">{t('votes.byBuilding')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('votes.building')}</th>
            <th scope="col" className="num">
              {t('votes.dwellingsConcerned')}
            </th>
            <th scope="col" className="num">
              {t('votes.votedCount')}
            </th>
            <th scope="col" className="num">
              {t('votes.turnout')}
            </th>
          </tr>
        </thead>
        <tbody>
          {tally.buildings.map((b) => (
            <tr key={b.buildingId}>
              <td>{b.address}</td>
              <td className="num">{number(b.dwellings)}</td>
              <td className="num">{number(b.voted)}</td>
              <td className="num">
                {percent(b.dwellings ? Math.floor((b.voted * 10000) / b.dwellings) : 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sheets.length ? (
        <section aria-labelledby="sheets-title">
          <h2 id="sheets-title">Fiches offres jointes à l’information des locataires</h2>
          <ul>
            {sheets.map((sheet) => (
              <li key={sheet.id}>
                <a href={`/fiches-offres/${encodeURIComponent(sheet.sectorCode)}`}>{sheet.title}</a> (version{' '}
                {sheet.version}, prix vérifiés le {date(sheet.validOn)})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}
