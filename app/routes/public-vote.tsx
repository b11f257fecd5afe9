// /vote: a resident votes with the code on their letter. No JavaScript, no account, plain French (FALC).
import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  useActionData,
  useLoaderData,
} from 'react-router';
import { displayPhone } from '../../src/households/index.ts';
import {
  type BallotPaper,
  type CastResult,
  castOnlineBallot,
  type LookupResult,
  lookupBallotCode,
} from '../../src/votes/index.ts';
import { readForm } from '../lib/forms.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { keepRetryAfter } from '../lib/retry-after.ts';
import { clientIp, services } from '../lib/services.server.ts';

export const handle = { hydrate: false };
export const meta = () => [{ title: 'Voter — Palier' }];
export const headers = keepRetryAfter;

type Outcome =
  | { kind: 'start' }
  | { kind: 'lookup'; result: LookupResult; missingChoice?: boolean; typed?: string }
  | { kind: 'cast'; result: CastResult; typed?: string };

/** Too many wrong codes: the page says so in plain words, and machines get 429 with Retry-After. */
function answer(outcome: Outcome) {
  const result = outcome.kind === 'start' ? null : outcome.result;
  if (result && !result.ok && result.reason === 'limited')
    return data(outcome, { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } });
  return outcome;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get('code')?.slice(0, 60);
  if (!code) return answer({ kind: 'start' });
  const { db, ballotLimiter } = services(context);
  return answer({
    kind: 'lookup',
    result: await lookupBallotCode({ db, limiter: ballotLimiter, typed: code, ip: clientIp(context) }),
    typed: code,
  });
}

export async function action(args: ActionFunctionArgs) {
  return answer(await act(args));
}

async function act({ request, context }: ActionFunctionArgs): Promise<Outcome> {
  // A body that is not a form (a robot, a broken client) reads as an empty code: a plain answer, never a 500.
  const form = await readForm(request);
  // Nothing but what a code can hold: letters, digits, spaces and dashes.
  const typed = String(form.get('code') ?? '')
    .slice(0, 60)
    .replace(/[^\p{L}\p{N} \-–—_.]/gu, '');
  const { db, ballotLimiter } = services(context);
  const ip = clientIp(context);
  if (form.get('intent') !== 'cast')
    return {
      kind: 'lookup',
      result: await lookupBallotCode({ db, limiter: ballotLimiter, typed, ip }),
      typed,
    };
  const choice = String(form.get('choice') ?? '');
  if (choice !== 'yes' && choice !== 'no' && choice !== 'blank') {
    return {
      kind: 'lookup',
      result: await lookupBallotCode({ db, limiter: ballotLimiter, typed, ip }),
      missingChoice: true,
    };
  }
  return {
    kind: 'cast',
    result: await castOnlineBallot({ db, limiter: ballotLimiter, typed, choice, ip }),
    typed,
  };
}

export default function PublicVote() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const outcome = acted ?? loaded;
  const { t } = useI18n();
  return (
    <div className="public-vote">
      <h1>{t('vote.title')}</h1>
      {outcome.kind === 'start' ? <CodeForm /> : null}
      {outcome.kind === 'lookup' && outcome.result.ok ? (
        <Ballot paper={outcome.result.paper} missingChoice={outcome.missingChoice === true} />
      ) : null}
      {outcome.kind === 'cast' && outcome.result.ok ? <Recorded result={outcome.result} /> : null}
      {outcome.kind !== 'start' && !outcome.result.ok ? (
        <Refusal result={outcome.result} typed={outcome.typed} />
      ) : null}
    </div>
  );
}

function CodeForm({ typed, invalid }: { typed?: string; invalid?: boolean }) {
  const { t } = useI18n();
  return (
    <Form method="post" action="/vote" className="vote-code">
      <input type="hidden" name="intent" value="check" />
      <p>{t('vote.intro')}</p>
      <label htmlFor="code">{t('vote.codeLabel')}</label>
      <p className="hint" id="code-hint">
        {t('vote.codeHint')}
      </p>
      <input
        id="code"
        name="code"
        className="code-input"
        defaultValue={typed}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={40}
        aria-describedby="code-hint"
        aria-invalid={invalid || undefined}
      />
      <button type="submit" className="big-button">
        {t('vote.continue')}
      </button>
    </Form>
  );
}

function Ballot({ paper, missingChoice }: { paper: BallotPaper; missingChoice: boolean }) {
  const { t, cents, date } = useI18n();
  return (
    <>
      <p>
        {t('vote.yourDwelling')} <strong>{paper.address}</strong>
      </p>
      <div className="vote-question">
        <h2>{t('vote.question', { service: paper.serviceName, operator: paper.operatorName })}</h2>
        <p>{t('vote.price', { amount: cents(paper.monthlyAmountCents), from: date(paper.tariffFrom) })}</p>
        <p>{t('vote.everyone')}</p>
        <p>{t(`vote.rule.${paper.procedure}`)}</p>
        <p>{t('vote.until', { date: dateTimeLong(paper.closesAt) })}</p>
      </div>
      <Form method="post" action="/vote">
        <input type="hidden" name="intent" value="cast" />
        <input type="hidden" name="code" value={paper.code} />
        <fieldset aria-describedby={missingChoice ? 'choice-error' : undefined}>
          <legend>{t('vote.yourAnswer')}</legend>
          {missingChoice ? (
            <p className="field-error" id="choice-error">
              {t('vote.chooseOne')}
            </p>
          ) : null}
          {(['yes', 'no', 'blank'] as const).map((choice) => (
            <div className="big-radio" key={choice}>
              <input type="radio" id={`choice-${choice}`} name="choice" value={choice} required />
              <label htmlFor={`choice-${choice}`}>{t(`vote.choice.${choice}`)}</label>
            </div>
          ))}
        </fieldset>
        <p>
          <strong>{t('vote.once')}</strong>
        </p>
        <button type="submit" className="big-button">
          {t('vote.submit')}
        </button>
      </Form>
      <Help phone={paper.helpPhone} />
    </>
  );
}

function Recorded({ result }: { result: Extract<CastResult, { ok: true }> }) {
  const { t } = useI18n();
  return (
    <div className="vote-done" role="status">
      <h2>{t('vote.recordedTitle')}</h2>
      <p className="vote-choice">
        {t('vote.youVoted')} <strong>{t(`vote.choice.${result.choice}`)}</strong>
      </p>
      <p>{t('vote.recordedAt', { date: dateTimeLong(result.receivedAt) })}</p>
      <p>{t('vote.nothingElse')}</p>
      <p>{t('vote.resultLater')}</p>
    </div>
  );
}

function Refusal({ result, typed }: { result: Exclude<LookupResult, { ok: true }>; typed?: string }) {
  const { t } = useI18n();
  const paper = 'paper' in result ? result.paper : null;
  const params: Record<string, string | number> = {
    opens: paper ? dateTimeLong(paper.opensAt) : '',
    closes: paper ? dateTimeLong(paper.closesAt) : '',
    votedAt: 'votedAt' in result ? dateTimeLong(result.votedAt) : '',
    ...('retryAfterSeconds' in result
      ? { count: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) }
      : {}),
  };
  const retry = ['empty', 'format', 'check', 'unknown'].includes(result.reason);
  return (
    <>
      <div className="vote-problem" role="alert">
        <h2>{t(`vote.problem.${result.reason}.title`)}</h2>
        <p>{t(`vote.problem.${result.reason}.text`, params)}</p>
      </div>
      {retry ? <CodeForm invalid typed={typed} /> : null}
      <Help phone={paper?.helpPhone ?? null} />
    </>
  );
}

function Help({ phone }: { phone: string | null }) {
  const { t } = useI18n();
  return (
    <p className="vote-help">
      {phone ? (
        <>
          {t('vote.helpPhone')} <a href={`tel:${phone}`}>{displayPhone(phone)}</a>
        </>
      ) : (
        t('vote.helpLetter')
      )}
    </p>
  );
}

/** "mardi 20 janvier 2027 à 10:00", Paris time. */
function dateTimeLong(value: Date | string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(new Date(value));
}
