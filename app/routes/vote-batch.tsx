// A batch of paper slips: first entry, second entry by someone else (blind), then the differences, settled.
import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import {
  type Choice,
  choices,
  enterPaperBatch,
  getPaperBatch,
  refusalMessage,
  settlePaperBatch,
} from '../../src/votes/index.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Lot de bulletins papier — Palier' }];

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.conduct');
  const view = await getPaperBatch({ db: services(context).db, actor, batchId: intParam(params.batchId) });
  if (view.voteId !== intParam(params.id)) throw new Response('Not found', { status: 404 });
  const firstIsMine = actor.userId !== null && view.batch.firstUserId === actor.userId;
  return { view, firstIsMine, done: new URL(request.url).searchParams.get('fait') };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'vote.conduct');
  const { db } = services(context);
  const voteId = intParam(params.id);
  const batchId = intParam(params.batchId);
  const form = await readForm(request);
  if (form.get('intent') === 'settle') {
    const decisions = new Map<number, Choice | 'none'>();
    for (const [key, value] of form.entries()) {
      const match = /^decision-(\d+)$/.exec(key);
      if (match && (value === 'none' || (choices as readonly string[]).includes(String(value))))
        decisions.set(Number(match[1]), value as Choice | 'none');
    }
    const settled = await settlePaperBatch({ db, actor, batchId, decisions });
    if (!settled.ok)
      return data(
        {
          errors: [refusalMessage(settled.reason), ...(settled.problems ?? []).map((x) => x.message)],
          lines: '',
        },
        { status: 409 },
      );
    return redirect(`/consultations/${voteId}/lots/${batchId}?fait=compte`);
  }
  const lines = String(form.get('lines') ?? '');
  const entered = await enterPaperBatch({ db, actor, batchId, text: lines });
  if (!entered.ok)
    return data(
      { errors: [refusalMessage(entered.reason), ...(entered.problems ?? []).map((x) => x.message)], lines },
      { status: 409 },
    );
  return redirect(
    `/consultations/${voteId}/lots/${batchId}?fait=${entered.status === 'counted' ? 'compte' : entered.status === 'to_settle' ? 'ecarts' : 'saisi'}`,
  );
});

export default function VoteBatch() {
  const { view, firstIsMine, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const { batch } = view;
  const entering = batch.status === 'first_entry' || batch.status === 'second_entry';
  return (
    <Page
      title={t('votes.batchName', { number: batch.number, label: batch.label })}
      crumbs={[
        { to: '/consultations', label: t('votes.title') },
        { to: `/consultations/${view.voteId}#papier`, label: t('votes.backToVote') },
      ]}
    >
      {done && ['saisi', 'ecarts', 'compte'].includes(done) ? (
        <Notice>{t(`votes.batchDone.${done}`)}</Notice>
      ) : null}
      <dl className="facts">
        <dt>{t('votes.receivedAt')}</dt>
        <dd>{dateTime(batch.receivedAt)}</dd>
        <dt>{t('votes.batchStatusLabel')}</dt>
        <dd>
          <strong>{t(`votes.batchStatus.${batch.status}`)}</strong>
        </dd>
        {batch.firstBy ? (
          <>
            <dt>{t('votes.firstEntry')}</dt>
            <dd>{t('votes.entryBy', { by: batch.firstBy, count: view.slips.first })}</dd>
          </>
        ) : null}
        {batch.secondBy ? (
          <>
            <dt>{t('votes.secondEntry')}</dt>
            <dd>{t('votes.entryBy', { by: batch.secondBy, count: view.slips.second })}</dd>
          </>
        ) : null}
      </dl>
      <FormErrors errors={actionData?.errors} />

      {entering && batch.status === 'second_entry' && firstIsMine ? <p>{t('votes.waitSecond')}</p> : null}
      {entering && !(batch.status === 'second_entry' && firstIsMine) ? (
        <Form method="post">
          <h2>{batch.status === 'first_entry' ? t('votes.firstEntry') : t('votes.secondEntry')}</h2>
          <p>{batch.status === 'first_entry' ? t('votes.firstEntryHelp') : t('votes.secondEntryHelp')}</p>
          <div className="field">
            <label htmlFor="lines">{t('votes.slips')}</label>
            <p className="hint" id="lines-hint">
              {t('votes.slipsHint')}
            </p>
            <textarea
              id="lines"
              name="lines"
              rows={14}
              cols={40}
              required
              spellCheck={false}
              autoComplete="off"
              aria-describedby="lines-hint"
              defaultValue={actionData?.lines ?? ''}
            />
          </div>
          <button type="submit">{t('votes.saveEntry')}</button>
        </Form>
      ) : null}

      {batch.status === 'to_settle' ? (
        <Form method="post">
          <input type="hidden" name="intent" value="settle" />
          <h2>{t('votes.differencesTitle', { count: view.differences.length })}</h2>
          <p>{t('votes.differencesHelp')}</p>
          <table>
            <caption className="visually-hidden">
              {t('votes.differencesTitle', { count: view.differences.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('votes.dwellingReference')}</th>
                <th scope="col">{t('votes.firstEntry')}</th>
                <th scope="col">{t('votes.secondEntry')}</th>
                <th scope="col">{t('votes.onTheSlip')}</th>
              </tr>
            </thead>
            <tbody>
              {view.differences.map((d) => (
                <tr key={d.dwellingId}>
                  <th scope="row">
                    {d.reference}
                    <br />
                    <span className="hint">{d.address}</span>
                  </th>
                  <td>
                    {d.first ? `${t(`votes.choice.${d.first}`)} (${d.typedFirst})` : t('votes.missing')}
                  </td>
                  <td>
                    {d.second ? `${t(`votes.choice.${d.second}`)} (${d.typedSecond})` : t('votes.missing')}
                  </td>
                  <td>
                    <label htmlFor={`decision-${d.dwellingId}`} className="visually-hidden">
                      {t('votes.onTheSlipFor', { reference: d.reference })}
                    </label>
                    <select
                      id={`decision-${d.dwellingId}`}
                      name={`decision-${d.dwellingId}`}
                      required
                      defaultValue=""
                    >
                      <option value="">{t('votes.choose')}</option>
                      {choices.map((c) => (
                        <option key={c} value={c}>
                          {t(`votes.choice.${c}`)}
                        </option>
                      ))}
                      <option value="none">{t('votes.noSlip')}</option>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit">{t('votes.settle')}</button>
        </Form>
      ) : null}
      {batch.status === 'counted' ? (
        <p>{t('votes.batchCounted', { date: batch.countedAt ? dateTime(batch.countedAt) : '' })}</p>
      ) : null}
    </Page>
  );
}
