// /deploiement: the coordinator's one place for the roll-out — sectors per stage, the suggested calendar as a timeline
// and as a table, why each sector sits where it does, and placing a sector by hand. Partners read it, their sectors only.

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
import { localDate } from '../../src/platform/dates.ts';
import { canAtAll, scopeOf } from '../../src/platform/permissions/index.ts';
import { capitalised } from '../../src/platform/text.ts';
import {
  getRolloutPlan,
  PinInput,
  type Plan,
  type PlanLine,
  pinSector,
  rolloutRefusalMessage,
  unpinSector,
} from '../../src/rollout/index.ts';
import { rolloutStages } from '../../src/territory/index.ts';
import { FieldAlert, FormErrors, Notice } from '../components/form.tsx';
import { Page, Section } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Déploiement — Palier' }];

type Errors = Record<string, string[]>;

/** The lines whose place changed between two plans (another first date, or another status), the moved one aside. */
function movedLines(before: Plan, after: Plan, except: number): string[] {
  const was = new Map(before.lines.map((l) => [l.sectorId, l]));
  return after.lines
    .filter((l) => {
      if (l.sectorId === except) return false;
      const old = was.get(l.sectorId);
      return (
        !old ||
        old.status !== l.status ||
        (old.milestones[0]?.on ?? '') !== (l.milestones[0]?.on ?? '') ||
        old.milestones.length !== l.milestones.length
      );
    })
    .map((l) => String(l.sectorId));
}

const linesPerPage = 50;

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'rollout.read');
  const plan = await getRolloutPlan({ db: services(context).db, actor });
  const url = new URL(request.url);
  const nameOf = (id: string | null) => plan.lines.find((l) => String(l.sectorId) === id)?.name ?? null;
  const done = url.searchParams.get('fait');
  // The month comes back in the address after a pin: anything but « 2027-03 » is ignored (it is only shown).
  const month = url.searchParams.get('mois');
  const moved = (url.searchParams.get('autres') ?? '')
    .split(',')
    .map(nameOf)
    .filter((n): n is string => n !== null);
  // A national programme has thousands of sectors: the calendar is shown a page at a time, in its order.
  const pages = Math.max(1, Math.ceil(plan.lines.length / linesPerPage));
  const requested = Number(url.searchParams.get('page') ?? '1');
  const page = Number.isInteger(requested) && requested >= 1 ? Math.min(requested, pages) : 1;
  return {
    plan: {
      today: plan.today,
      settings: plan.settings,
      lines: plan.lines.slice((page - 1) * linesPerPage, page * linesPerPage),
    },
    counts: rolloutStages.map((s) => ({ stage: s, count: plan.lines.filter((l) => l.stage === s).length })),
    page,
    pages,
    total: plan.lines.length,
    canManage: canAtAll(actor, 'rollout.manage'),
    onlyTheirSectors: scopeOf(actor, 'rollout.read') === 'sectors',
    done:
      done === 'place' || done === 'retire'
        ? {
            kind: done,
            sector: nameOf(url.searchParams.get('secteur')),
            month: month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : null,
            moved,
          }
        : null,
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'rollout.manage');
  const { db } = services(context);
  const form = await readForm(request);
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  const sectorId = Number(values.sectorId);
  if (!Number.isInteger(sectorId) || sectorId <= 0 || sectorId > 2_147_483_647)
    return data({ form: '', errors: { '': ['Secteur inconnu.'] } as Errors, values }, { status: 400 });
  const failed = (errors: Errors, status = 400) =>
    data({ form: `pin-${sectorId}`, errors, values }, { status });
  const before = await getRolloutPlan({ db, actor });
  const today = localDate(new Date());

  if (values.intent === 'unpin') {
    await unpinSector({ db, actor, sectorId });
  } else if (values.intent === 'pin') {
    const parsed = PinInput.safeParse({ month: values.month ?? '', comment: values.comment ?? '' });
    if (!parsed.success) {
      const errors: Errors = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        errors[key] = [...(errors[key] ?? []), issue.message];
      }
      return failed(errors);
    }
    const pinned = await pinSector({ db, actor, sectorId, input: parsed.data, today });
    if (!pinned.ok) return failed({ [pinned.field ?? '']: [rolloutRefusalMessage(pinned.reason)] }, 409);
  } else return failed({ '': ['Action inconnue.'] });

  const after = await getRolloutPlan({ db, actor });
  const query = new URLSearchParams({
    fait: values.intent === 'pin' ? 'place' : 'retire',
    secteur: String(sectorId),
  });
  if (values.intent === 'pin') query.set('mois', (values.month ?? '').slice(0, 7));
  const others = movedLines(before, after, sectorId);
  if (others.length) query.set('autres', others.join(','));
  return redirect(`/deploiement?${query.toString()}#calendrier`);
});

// ---- Dates --------------------------------------------------------------------------------------------------------

const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
const daysIn = (index: number) =>
  new Date(Date.UTC(Math.floor(index / 12), (index % 12) + 1, 0)).getUTCDate();
/** A day as a position in months (1 March 2027 is the start of month 2027 × 12 + 2). */
const position = (day: string) => monthIndex(day) + (Number(day.slice(8, 10)) - 1) / daysIn(monthIndex(day));
const monthFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { ...options, timeZone: 'UTC' });
const monthDate = (index: number) => new Date(Date.UTC(Math.floor(index / 12), index % 12, 15));

// ---- Phases of a line ---------------------------------------------------------------------------------------------

const phases = ['consultation', 'preparation', 'vote', 'works'] as const;
type Phase = (typeof phases)[number];
const phaseColours: Record<Phase, string> = {
  consultation: '#1d4ed8',
  preparation: '#6d28d9',
  vote: '#b45309',
  works: '#0f6b3a',
};

interface PhaseSpan {
  phase: Phase;
  from: string;
  to: string;
  /** Already under way: it started before today (its start is not in the plan). */
  underWay: boolean;
}

/** The phases still ahead of a line (a phase under way starts today), from its milestones. */
function phasesOf(line: Pick<PlanLine, 'milestones'>, today: string): PhaseSpan[] {
  const on = Object.fromEntries(line.milestones.map((m) => [m.milestone, m.on])) as Record<string, string>;
  const bounds: Record<Phase, [string | undefined, string | undefined]> = {
    consultation: [on.consultation, on.partners_consulted],
    preparation: [on.partners_consulted, on.vote_open ?? on.support_ready],
    vote: [on.vote_open, on.adopted],
    works: [on.works, on.service_open],
  };
  const spans: PhaseSpan[] = [];
  let started = false;
  for (const phase of phases) {
    const [from, to] = bounds[phase];
    if (!to) continue;
    if (from) spans.push({ phase, from, to, underWay: false });
    else if (!started) spans.push({ phase, from: today < to ? today : to, to, underWay: true });
    started = true;
  }
  return spans;
}

// ---- The page -----------------------------------------------------------------------------------------------------

type Line = PlanLine;

export default function RolloutPlan() {
  const { plan, counts, page, pages, total, canManage, onlyTheirSectors, done } =
    useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t, number, locale } = useI18n();
  const stage = (s: string) => t(`rollout.${s}`);
  const month = (day: string) =>
    monthFormat(locale, { month: 'long', year: 'numeric' }).format(new Date(`${day}T12:00:00Z`));
  const { settings, today } = plan;
  const lines = plan.lines as Line[];
  const pinnable = lines.filter((l) => l.stage === 'identified' || l.stage === 'vote_rejected');
  const within =
    settings.walkingDistanceM >= 1000
      ? `${number(settings.walkingDistanceM / 1000)} km`
      : `${number(settings.walkingDistanceM)} m`;

  let status: string | null = null;
  if (done?.sector) {
    const others = done.moved.length
      ? ` ${done.moved.length === 1 ? 'Un autre secteur change' : `${done.moved.length} autres secteurs changent`} de place : ${done.moved.join(', ')}.`
      : ' Les autres secteurs gardent leur place.';
    status =
      done.kind === 'place'
        ? `${done.sector} est placé à la main : sa consultation commence en ${done.month ? month(`${done.month}-01`) : '—'}. Le calendrier est recalculé.${others}`
        : `${done.sector} n’est plus placé à la main : il reprend sa place dans le calendrier proposé.${others}`;
  }

  return (
    <Page title={t('rolloutPage.title')}>
      {status ? <Notice>{status}</Notice> : null}
      <FormErrors errors={failed?.form === '' ? failed.errors[''] : undefined} />
      <p className="lead">
        Où en est chaque secteur, et quand les suivants peuvent commencer. Le calendrier va d’abord là où
        l’accompagnement existe déjà : un lieu d’ateliers à moins de {within}, assez de places pour{' '}
        {number(settings.demandRateBp / 100)} % des logements. Au plus {settings.maxConcurrent}{' '}
        {settings.maxConcurrent === 1 ? 'secteur' : 'secteurs'} en consultation ou en vote en même temps.
      </p>
      {onlyTheirSectors ? <p>Vous voyez les secteurs que suit votre organisation.</p> : null}
      <ul className="links">
        <li>
          <Link to="/deploiement/carte">Voir la carte des secteurs et des lieux</Link>
        </li>
        <li>
          <a href="/deploiement/calendrier.csv" download>
            Télécharger le calendrier (CSV, pour un tableur)
          </a>
        </li>
        <li>
          <a href="/deploiement/calendrier.ics" download>
            Télécharger les étapes clés (iCalendar, pour un agenda)
          </a>
        </li>
        {canManage ? (
          <li>
            <Link to="/deploiement/reglages">Réglages du calendrier</Link>
          </li>
        ) : null}
      </ul>

      <Section id="etapes" title="Les secteurs par étape">
        <table style={{ maxWidth: '32rem' }}>
          <caption className="visually-hidden">Nombre de secteurs à chaque étape du déploiement</caption>
          <thead>
            <tr>
              <th scope="col">Étape</th>
              <th scope="col" className="num">
                Secteurs
              </th>
            </tr>
          </thead>
          <tbody>
            {counts.map((c) => (
              <tr key={c.stage}>
                <th scope="row" style={{ background: 'none', fontWeight: 'normal' }}>
                  {capitalised(stage(c.stage))}
                </th>
                <td className="num">{c.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="calendrier" title="Calendrier proposé">
        {lines.length === 0 ? (
          <p>Aucun secteur à montrer.</p>
        ) : (
          <>
            <Timeline lines={lines} today={today} />
            <h3 id="detail-title">Le calendrier en détail</h3>
            <PlanTable lines={lines} today={today} />
            {pages > 1 ? (
              <nav aria-label="Pages du calendrier" className="pager">
                <p>
                  Secteurs {(page - 1) * linesPerPage + 1} à {(page - 1) * linesPerPage + lines.length} sur{' '}
                  {number(total)} (page {page} sur {pages}).
                </p>
                {page > 1 ? (
                  <Link to={`/deploiement?page=${page - 1}#calendrier`}>Page précédente</Link>
                ) : null}{' '}
                {page < pages ? (
                  <Link to={`/deploiement?page=${page + 1}#calendrier`}>Page suivante</Link>
                ) : null}
              </nav>
            ) : null}
          </>
        )}
      </Section>

      {canManage && pinnable.length ? (
        <Section id="placer" title="Placer un secteur à la main">
          <p>
            Choisissez le mois où la consultation d’un secteur commence : les autres secteurs sont replacés
            autour de lui. Retirez l’épinglage pour revenir au calendrier proposé.
          </p>
          {pinnable.map((l) => (
            <PinForm
              key={l.sectorId}
              line={l}
              today={today}
              failed={failed?.form === `pin-${l.sectorId}` ? failed : undefined}
            />
          ))}
        </Section>
      ) : null}
    </Page>
  );
}

function Timeline({ lines, today }: { lines: Line[]; today: string }) {
  const { t, date, locale } = useI18n();
  const stage = (s: string) => t(`rollout.${s}`);
  const month = (day: string) =>
    monthFormat(locale, { month: 'long', year: 'numeric' }).format(new Date(`${day}T12:00:00Z`));
  const start = monthIndex(today);
  const ends = lines.flatMap((l) =>
    l.milestones.filter((m) => m.milestone !== 'evaluated').map((m) => Math.ceil(position(m.on) + 0.01)),
  );
  const end = Math.min(start + 72, Math.max(start + 12, ...ends));
  const span = end - start;
  const pct = (day: string) => Math.min(100, Math.max(0, ((position(day) - start) / span) * 100));
  const short = monthFormat(locale, { month: 'short' });
  const every = span <= 18 ? 1 : span <= 36 ? 3 : 6;
  const months = Array.from({ length: span }, (_, i) => start + i);
  const range = (from: string, to: string) => `du ${date(from)} au ${date(to)}`;
  const rowStyle = { display: 'grid', gridTemplateColumns: '13rem 1fr', alignItems: 'center', gap: '0.5rem' };
  const track = {
    position: 'relative' as const,
    height: '1.6rem',
    background: 'var(--tint)',
    borderRadius: 3,
  };
  return (
    <figure style={{ margin: '0.5rem 0 1rem' }}>
      <figcaption id="frise-legende">
        Frise du calendrier, d’aujourd’hui à{' '}
        {month(`${String(Math.floor((end - 1) / 12))}-${String(((end - 1) % 12) + 1).padStart(2, '0')}-01`)}.
        Chaque barre donne ses dates ; les mêmes informations sont dans le tableau qui suit.
      </figcaption>
      <ul
        className="legend"
        aria-label="Légende"
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: '0.25rem 1.25rem',
          listStyle: 'none',
          padding: 0,
          margin: '0.5rem 0',
        }}
      >
        {phases.map((p) => (
          <li key={p}>
            <span
              aria-hidden="true"
              style={{
                display: 'inline-block',
                width: '1.5rem',
                height: '0.8rem',
                background: phaseColours[p],
                marginRight: '0.35rem',
                verticalAlign: 'middle',
              }}
            />
            {capitalised(t(`rolloutPage.phase.${p}`))}
          </li>
        ))}
        <li>
          <span aria-hidden="true">◆ </span>Ouverture du service
        </li>
        <li>
          <span aria-hidden="true">│ </span>Aujourd’hui
        </li>
      </ul>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable with the keyboard. */}
      <section aria-labelledby="frise-legende" tabIndex={0} style={{ overflowX: 'auto' }}>
        <div style={{ minWidth: `${Math.max(40, 13 + span * 1.6)}rem` }}>
          <div aria-hidden="true" style={rowStyle}>
            <span />
            <div
              style={{ position: 'relative', height: '2.4rem', fontSize: '0.8rem', color: 'var(--muted)' }}
            >
              {months.map((m) =>
                (m - start) % every === 0 ? (
                  <span
                    key={m}
                    style={{
                      position: 'absolute',
                      left: `${((m - start) / span) * 100}%`,
                      borderLeft: '1px solid var(--line)',
                      paddingLeft: 2,
                      height: '100%',
                      whiteSpace: 'nowrap',
                    }}
                  >
                    {short.format(monthDate(m))}
                    {m % 12 === 0 || m === start ? (
                      <>
                        <br />
                        {Math.floor(m / 12)}
                      </>
                    ) : null}
                  </span>
                ) : null,
              )}
            </div>
          </div>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {lines.map((l) => {
              const spans = phasesOf(l, today);
              const serviceOpen = l.milestones.find((m) => m.milestone === 'service_open')?.on;
              return (
                <li
                  key={l.sectorId}
                  style={{ ...rowStyle, padding: '0.2rem 0', borderBottom: '1px solid var(--line)' }}
                >
                  <span style={{ fontSize: '0.9rem' }}>
                    <Link to={`/territoire/secteurs/${l.sectorId}/deploiement`}>{l.name}</Link>
                    {l.status === 'pinned' ? ' (placé à la main)' : ''}
                  </span>
                  <div style={track}>
                    <span
                      aria-hidden="true"
                      style={{
                        position: 'absolute',
                        left: `${pct(today)}%`,
                        top: -2,
                        bottom: -2,
                        borderLeft: '2px solid var(--ink)',
                      }}
                    />
                    {spans.length === 0 && !serviceOpen ? (
                      <span
                        style={{
                          position: 'absolute',
                          left: `calc(${pct(today)}% + 0.4rem)`,
                          top: '0.15rem',
                          fontSize: '0.85rem',
                          color: 'var(--muted)',
                        }}
                      >
                        {l.status === 'done'
                          ? capitalised(stage(l.stage))
                          : capitalised(t(`rolloutPage.status.${l.status}`))}
                      </span>
                    ) : null}
                    {spans.map((s) => {
                      const text = `${capitalised(t(`rolloutPage.phase.${s.phase}`))}${s.underWay ? ' (en cours)' : ''} : ${range(s.from, s.to)}`;
                      const left = pct(s.from);
                      const width = Math.max(0.6, pct(s.to) - left);
                      return (
                        <span
                          key={s.phase}
                          title={text}
                          style={{
                            position: 'absolute',
                            left: `${left}%`,
                            width: `${width}%`,
                            top: '0.3rem',
                            bottom: '0.3rem',
                            background: phaseColours[s.phase],
                            borderRadius: 2,
                            outline: l.status === 'pinned' ? '2px dashed var(--ink)' : undefined,
                          }}
                        >
                          <span className="visually-hidden">{text}</span>
                        </span>
                      );
                    })}
                    {serviceOpen ? (
                      <span
                        title={`Ouverture du service : ${date(serviceOpen)}`}
                        style={{
                          position: 'absolute',
                          left: `calc(${pct(serviceOpen)}% - 0.45rem)`,
                          top: '0.1rem',
                          fontSize: '1rem',
                          lineHeight: 1,
                          color: 'var(--ink)',
                        }}
                      >
                        <span aria-hidden="true">◆</span>
                        <span className="visually-hidden">Ouverture du service : {date(serviceOpen)}</span>
                      </span>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      </section>
    </figure>
  );
}

function PlanTable({ lines, today }: { lines: Line[]; today: string }) {
  const { t, date } = useI18n();
  const stage = (s: string) => t(`rollout.${s}`);
  const span = (spans: PhaseSpan[], phase: Phase) => {
    const s = spans.find((x) => x.phase === phase);
    if (!s || s.from === s.to) return '—';
    return `${s.underWay ? 'en cours, jusqu’au' : `du ${date(s.from)} au`} ${date(s.to)}`;
  };
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable with the keyboard.
    <section aria-labelledby="detail-title" tabIndex={0} style={{ overflowX: 'auto' }}>
      <table>
        <caption className="visually-hidden">
          Calendrier proposé, secteur par secteur : dates de chaque phase et raisons de sa place
        </caption>
        <thead>
          <tr>
            <th scope="col">Secteur</th>
            <th scope="col">Étape actuelle</th>
            <th scope="col">Place</th>
            <th scope="col">Consultation</th>
            <th scope="col">Préparation</th>
            <th scope="col">Vote</th>
            <th scope="col">Travaux</th>
            <th scope="col">Ouverture du service</th>
            <th scope="col">Pourquoi ici</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const spans = phasesOf(l, today);
            const serviceOpen = l.milestones.find((m) => m.milestone === 'service_open')?.on;
            return (
              <tr key={l.sectorId} id={`ligne-${l.sectorId}`} data-code={l.code} data-status={l.status}>
                <th scope="row" style={{ background: 'none' }}>
                  <Link to={`/territoire/secteurs/${l.sectorId}/deploiement`}>{l.name}</Link>
                  <br />
                  <span className="muted">
                    {l.code} · {l.neighbourhood}
                  </span>
                </th>
                <td>{capitalised(stage(l.stage))}</td>
                <td>{capitalised(t(`rolloutPage.status.${l.status}`))}</td>
                {phases.map((p) => (
                  <td key={p} data-phase={p}>
                    {span(spans, p)}
                  </td>
                ))}
                <td data-milestone="service_open">{serviceOpen ? date(serviceOpen) : '—'}</td>
                <td>
                  <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
                    {l.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function PinForm({
  line,
  today,
  failed,
}: {
  line: Line;
  today: string;
  failed?: { errors: Errors; values: Record<string, string> };
}) {
  const { t, locale } = useI18n();
  const stage = (s: string) => t(`rollout.${s}`);
  const month = (day: string) =>
    monthFormat(locale, { month: 'long', year: 'numeric' }).format(new Date(`${day}T12:00:00Z`));
  const errors = failed?.errors ?? {};
  const id = `pin-${line.sectorId}`;
  const current = line.milestones.find((m) => m.milestone === 'consultation')?.on;
  const monthValue = failed?.values.month ?? (current ?? today).slice(0, 7);
  return (
    <div id={id} style={{ borderTop: '1px solid var(--line)', padding: '0.5rem 0' }}>
      <h3 style={{ marginTop: '0.5rem' }}>
        {line.name}{' '}
        <span className="muted" style={{ fontWeight: 'normal' }}>
          ({stage(line.stage)}, {t(`rolloutPage.status.${line.status}`)}
          {current ? ` : consultation en ${month(current)}` : ''})
        </span>
      </h3>
      <Form method="post" action={`/deploiement#${id}`} className="filters">
        <input type="hidden" name="intent" value="pin" />
        <input type="hidden" name="sectorId" value={line.sectorId} />
        <FormErrors errors={errors['']} />
        <div className={`field${errors.month ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-month`}>
            Placer en
            <span className="visually-hidden"> (mois de début de la consultation de {line.name})</span>
          </label>
          <FieldAlert id={`${id}-month-error`} errors={errors.month} />
          <input
            id={`${id}-month`}
            name="month"
            type="month"
            required
            min={today.slice(0, 7)}
            defaultValue={monthValue}
            aria-invalid={errors.month ? true : undefined}
            aria-describedby={errors.month ? `${id}-month-error` : undefined}
          />
        </div>
        <div className={`field${errors.comment ? ' has-error' : ''}`} style={{ maxWidth: '20rem' }}>
          <label htmlFor={`${id}-comment`}>
            Pourquoi (facultatif)<span className="visually-hidden"> : {line.name}</span>
          </label>
          <FieldAlert id={`${id}-comment-error`} errors={errors.comment} />
          <input
            id={`${id}-comment`}
            name="comment"
            type="text"
            defaultValue={failed?.values.comment ?? ''}
            aria-invalid={errors.comment ? true : undefined}
            aria-describedby={errors.comment ? `${id}-comment-error` : undefined}
          />
        </div>
        <div className="field">
          <button type="submit">
            Placer<span className="visually-hidden"> {line.name}</span>
          </button>
        </div>
      </Form>
      {line.status === 'pinned' ? (
        <Form method="post" action={`/deploiement#${id}`}>
          <input type="hidden" name="intent" value="unpin" />
          <input type="hidden" name="sectorId" value={line.sectorId} />
          <button type="submit" className="secondary">
            Retirer l’épinglage<span className="visually-hidden"> de {line.name}</span>
          </button>
        </Form>
      ) : null}
    </div>
  );
}
