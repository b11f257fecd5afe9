// One person's competencies: what is validated (and withdrawing a mistake), validating one more, what each level
// still needs, and issuing the certificate when the facility may.
import type { ReactNode } from 'react';
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
  certificateRefusalMessage,
  issueCertificate,
  issuingSettings,
  listCertificates,
  listFrameworks,
  memberProgress,
  validateCompetency,
  withdrawValidation,
} from '../../src/certificates/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { can, canAtAll } from '../../src/platform/permissions/index.ts';
import { blankToUndefined, CalendarDay, SingleLine } from '../../src/platform/validation.ts';
import { dayText, listFacilities, listSessions } from '../../src/workshops/index.ts';
import { FieldAlert, FormErrors, Notice } from '../components/form.tsx';
import { Page, Section } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, optionalIntParam, requireActor, services } from '../lib/services.server.ts';

export const meta = ({ data: loaded }: { data?: { name?: string } }) => [
  { title: `Compétences de ${loaded?.name ?? 'la personne'} — Palier` },
];

const day = 86_400_000;
const Optional = (max: number) => z.preprocess(blankToUndefined, SingleLine(0, max, '').optional());
const Id = (message: string) => z.coerce.number(message).int(message).positive(message).max(2_147_483_647);

const ValidateForm = z.object({
  competencyId: Id('Choisissez la compétence.'),
  validatedOn: CalendarDay,
  sessionId: z.preprocess(blankToUndefined, Id('Choisissez une séance de la liste.').optional()),
  observation: Optional(500),
  note: Optional(500),
});
const WithdrawForm = z.object({
  validationId: Id('Validation inconnue.'),
  reason: SingleLine(3, 300, 'Dites pourquoi vous retirez cette validation.'),
});
const IssueForm = z.object({
  levelId: Id('Choisissez le niveau.'),
  holderName: SingleLine(2, 120, 'Indiquez le nom imprimé sur le certificat.'),
});

/** The facility's sessions held lately: a validation may say which one it comes from. */
async function heldSessions(
  db: Parameters<typeof listSessions>[0]['db'],
  programmeId: number,
  organisationId: number,
) {
  const now = new Date();
  const [facilities, sessions] = await Promise.all([
    listFacilities({ db, programmeId }),
    listSessions({ db, programmeId, from: new Date(now.getTime() - 180 * day), to: now }),
  ]);
  const own = new Set(facilities.filter((f) => f.organisationId === organisationId).map((f) => f.id));
  return sessions
    .filter((s) => own.has(s.facilityId) && s.status !== 'cancelled')
    .reverse()
    .map((s) => ({ id: s.id, label: `${dayText(s.startsAt, true)} — ${s.courseTitle}` }));
}

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'certificate.read');
  if (actor.role === 'resident') throw redirect('/mes-ateliers#certificats');
  const { db } = services(context);
  const memberId = intParam(params.memberId);
  const progress = await memberProgress({ db, actor, memberId });
  const own = { programmeId: actor.programmeId, organisationId: actor.organisationId };
  const canValidate = can(actor, 'competency.validate', own);
  const [frameworks, sessions, certificates, settings] = await Promise.all([
    listFrameworks({ db }),
    canValidate && actor.organisationId ? heldSessions(db, actor.programmeId, actor.organisationId) : [],
    canAtAll(actor, 'certificate.read') ? listCertificates({ db, actor, memberId, limit: 50 }) : [],
    can(actor, 'certificate.issue', own) ? issuingSettings({ db, actor }) : null,
  ]);
  const mayIssue = Boolean(settings?.facilities.some((f) => f.id === actor.organisationId && f.authorised));
  const certifying = frameworks.filter((f) => f.kind === 'certificate');
  const titles = new Map(certifying.flatMap((f) => f.competencies.map((c) => [c.code, c.title] as const)));
  const validatedIds = new Set(progress.validations.map((v) => v.competencyId));
  const sessionLabel = new Map(sessions.map((s) => [s.id, s.label]));
  const url = new URL(request.url);
  const live = certificates.filter((c) => !c.revokedAt);
  return {
    memberId,
    householdId: progress.householdId,
    name: progress.name,
    today: localDate(new Date()),
    validations: progress.validations.map((v) => ({
      id: v.id,
      code: v.code,
      title: v.title,
      validatedOn: v.validatedOn,
      validatedBy: v.validatedBy,
      session: v.sessionId ? (sessionLabel.get(v.sessionId) ?? 'une séance d’atelier') : null,
      observation: v.observation,
      note: v.note,
      canWithdraw: canValidate && v.organisationId === actor.organisationId,
    })),
    levels: progress.levels.map((l) => ({
      id: l.id,
      title: l.title,
      framework: `${l.framework}, version ${l.version}`,
      required: l.required.length,
      missing: l.missing.map((code) => ({ code, title: titles.get(code) ?? '' })),
      certificate: live.find((c) => c.levelId === l.id) ?? null,
    })),
    competencyOptions: certifying.flatMap((f) =>
      f.competencies
        .filter((c) => !validatedIds.has(c.id))
        .map((c) => ({
          value: String(c.id),
          label: `${c.code} ${c.title}${certifying.length > 1 ? ` (version ${f.version})` : ''}`,
        })),
    ),
    sessions,
    certificates: certificates.map((c) => ({
      id: c.id,
      code: c.code,
      levelTitle: c.levelTitle,
      issuedOn: c.issuedOn,
      revokedAt: c.revokedAt ? c.revokedAt.toISOString() : null,
    })),
    canValidate,
    mayIssue,
    notAuthorised: settings && !mayIssue ? certificateRefusalMessage('not_an_issuer') : null,
    done: url.searchParams.get('fait'),
    autoIssued: /^P-[0-9A-Z]{8}$/.test(url.searchParams.get('certificat') ?? '')
      ? url.searchParams.get('certificat')
      : null,
    withdrawn: optionalIntParam(url.searchParams.get('v')) ?? null,
  };
});

type Errors = Record<string, string[]>;

function issuesByField(error: z.ZodError): Errors {
  const out: Errors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'certificate.read');
  const { db } = services(context);
  const memberId = intParam(params.memberId);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  const values: Record<string, string> = {};
  for (const [key, entry] of form) if (typeof entry === 'string') values[key] = entry;
  const entries = (names: string[]) => Object.fromEntries(names.map((n) => [n, form.get(n) ?? undefined]));
  const failed = (formKey: string, errors: Errors, status = 400) =>
    data({ form: formKey, errors, values }, { status });
  const back = (query: Record<string, string | number>, anchor: string) =>
    redirect(
      `/competences/personnes/${memberId}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}#${anchor}`,
    );

  switch (intent) {
    case 'validate': {
      const parsed = ValidateForm.safeParse(
        entries(['competencyId', 'validatedOn', 'sessionId', 'observation', 'note']),
      );
      if (!parsed.success) return failed('validate', issuesByField(parsed.error));
      const done = await validateCompetency({ db, actor, memberId, input: parsed.data });
      if (!done.ok)
        return failed('validate', { [done.field ?? '']: [certificateRefusalMessage(done.reason)] }, 409);
      return back(
        done.certificateCode ? { fait: 'valide', certificat: done.certificateCode } : { fait: 'valide' },
        'validees',
      );
    }
    case 'withdraw': {
      const parsed = WithdrawForm.safeParse(entries(['validationId', 'reason']));
      const formKey = `withdraw-${values.validationId ?? ''}`;
      if (!parsed.success) return failed(formKey, issuesByField(parsed.error));
      const done = await withdrawValidation({
        db,
        actor,
        validationId: parsed.data.validationId,
        reason: parsed.data.reason,
      });
      if (!done.ok) return failed(formKey, { '': [certificateRefusalMessage(done.reason)] }, 409);
      return back({ fait: 'retiree', v: parsed.data.validationId }, 'validees');
    }
    case 'issue': {
      const parsed = IssueForm.safeParse(entries(['levelId', 'holderName']));
      if (!parsed.success) return failed('issue', issuesByField(parsed.error));
      const done = await issueCertificate({ db, actor, memberId, ...parsed.data });
      if (!done.ok) {
        const message = certificateRefusalMessage(done.reason);
        const titles = new Map(
          (await listFrameworks({ db })).flatMap((f) =>
            f.competencies.map((c) => [c.code, c.title] as const),
          ),
        );
        const missing = done.missing?.length
          ? ` Il manque : ${done.missing.map((code) => `${code} ${titles.get(code) ?? ''}`.trim()).join(', ')}.`
          : '';
        return failed('issue', { '': [`${message}${missing}`] }, 409);
      }
      return redirect(`/certificats/${done.certificateId}?fait=delivre`);
    }
    default:
      return failed('', { '': ['Action inconnue.'] });
  }
});

function FieldFrame({
  id,
  label,
  hint,
  errors,
  required,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  required?: boolean;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const describedBy =
    [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div className={`field${errors?.length ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldAlert id={`${id}-error`} errors={errors} />
      {children(describedBy)}
    </div>
  );
}

function Input({
  id,
  name,
  label,
  hint,
  errors,
  type = 'text',
  required,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  type?: string;
  required?: boolean;
  defaultValue?: string | null;
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} required={required}>
      {(describedBy) => (
        <input
          id={id}
          name={name}
          type={type}
          required={required}
          defaultValue={defaultValue ?? undefined}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
    </FieldFrame>
  );
}

function Select({
  id,
  name,
  label,
  hint,
  errors,
  options,
  required,
  empty,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  options: { value: string; label: string }[];
  required?: boolean;
  /** The label of the empty choice, when the field is optional or has no good default. */
  empty?: string;
  defaultValue?: string;
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} required={required}>
      {(describedBy) => (
        <select
          id={id}
          name={name}
          required={required}
          defaultValue={defaultValue ?? ''}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy}
        >
          {empty !== undefined ? <option value="">{empty}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export default function MemberCompetences() {
  const {
    memberId,
    householdId,
    name,
    today,
    validations,
    levels,
    competencyOptions,
    sessions,
    certificates,
    canValidate,
    mayIssue,
    notAuthorised,
    done,
    autoIssued,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { date } = useI18n();
  const errorsOf = (formKey: string): Errors => (actionData?.form === formKey ? actionData.errors : {});
  const sentTo = (formKey: string) => (actionData?.form === formKey ? actionData.values : undefined);
  const validateErrors = errorsOf('validate');
  const issueErrors = errorsOf('issue');
  const reached = levels.filter((l) => l.missing.length === 0 && !l.certificate);
  const status =
    done === 'valide'
      ? `La compétence est validée.${autoIssued ? ` Toutes les compétences du niveau sont validées : le certificat est délivré (code ${autoIssued}).` : ''}`
      : done === 'retiree'
        ? 'La validation est retirée.'
        : null;
  return (
    <Page title={`Compétences de ${name}`} crumbs={[{ to: `/foyers/${householdId}`, label: 'Foyer' }]}>
      {status ? <Notice>{status}</Notice> : null}
      <FormErrors errors={errorsOf('')['']} />
      <p>
        <Link to="/competences">Les compétences du Visa Internet et ce que l’animateur observe</Link>
      </p>

      <Section id="niveaux" title="Où en est cette personne">
        {levels.map((l) => (
          <div key={l.id} className="operation" id={`niveau-${l.id}`}>
            <h3>{l.title}</h3>
            {l.certificate ? (
              <p>
                <strong>Certificat délivré</strong> le {date(l.certificate.issuedOn)} :{' '}
                <Link to={`/certificats/${l.certificate.id}`}>{l.certificate.code}</Link>
              </p>
            ) : l.missing.length === 0 ? (
              <p>
                <strong>Toutes les compétences sont validées.</strong> Le certificat peut être délivré.
              </p>
            ) : (
              <>
                <p>
                  {l.required - l.missing.length} compétence{l.required - l.missing.length > 1 ? 's' : ''}{' '}
                  validée{l.required - l.missing.length > 1 ? 's' : ''} sur {l.required}. Il manque :
                </p>
                <ul className="links missing">
                  {l.missing.map((c) => (
                    <li key={c.code}>
                      {c.code} {c.title}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        ))}
      </Section>

      <Section id="validees" title={`Compétences validées (${validations.length})`}>
        {validations.length ? (
          <table>
            <caption className="visually-hidden">Compétences validées</caption>
            <thead>
              <tr>
                <th scope="col">Compétence</th>
                <th scope="col">Date</th>
                <th scope="col">Validée par</th>
                <th scope="col">Séance ou observation</th>
                <th scope="col">Note</th>
                {canValidate ? (
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {validations.map((v) => {
                const withdrawErrors = errorsOf(`withdraw-${v.id}`);
                return (
                  <tr key={v.id} id={`validation-${v.id}`}>
                    <td>
                      {v.code} {v.title}
                    </td>
                    <td>{date(v.validatedOn)}</td>
                    <td>{v.validatedBy}</td>
                    <td>
                      {v.session ? `Séance : ${v.session}` : null}
                      {v.session && v.observation ? <br /> : null}
                      {v.observation ?? (v.session ? null : '—')}
                    </td>
                    <td>{v.note ?? '—'}</td>
                    {canValidate ? (
                      <td>
                        {v.canWithdraw ? (
                          <details open={Object.keys(withdrawErrors).length > 0}>
                            <summary>
                              Retirer<span className="visually-hidden"> la validation {v.code}</span>
                            </summary>
                            <Form
                              method="post"
                              action={`/competences/personnes/${memberId}#validation-${v.id}`}
                              className="narrow"
                            >
                              <input type="hidden" name="intent" value="withdraw" />
                              <input type="hidden" name="validationId" value={v.id} />
                              <FormErrors errors={withdrawErrors['']} />
                              <Input
                                id={`reason-${v.id}`}
                                name="reason"
                                label="Raison du retrait"
                                hint="Par exemple : validée par erreur pour cette personne."
                                required
                                defaultValue={sentTo(`withdraw-${v.id}`)?.reason}
                                errors={withdrawErrors.reason}
                              />
                              <button type="submit" className="secondary">
                                Retirer la validation<span className="visually-hidden"> {v.code}</span>
                              </button>
                            </Form>
                          </details>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p>Aucune compétence n’est encore validée.</p>
        )}
      </Section>

      {canValidate ? (
        <Section id="valider" title="Valider une compétence">
          {competencyOptions.length ? (
            <Form method="post" action={`/competences/personnes/${memberId}#valider`} className="narrow">
              <input type="hidden" name="intent" value="validate" />
              <FormErrors errors={validateErrors['']} />
              <Select
                id="competencyId"
                name="competencyId"
                label="Compétence"
                required
                empty="Choisissez une compétence"
                options={competencyOptions}
                defaultValue={sentTo('validate')?.competencyId}
                errors={validateErrors.competencyId}
              />
              <Input
                id="validatedOn"
                name="validatedOn"
                label="Date"
                hint="Le jour où vous l’avez vu."
                type="date"
                required
                defaultValue={sentTo('validate')?.validatedOn ?? today}
                errors={validateErrors.validatedOn}
              />
              <Select
                id="sessionId"
                name="sessionId"
                label="Séance (facultatif)"
                empty="Pas pendant une séance"
                options={sessions.map((s) => ({ value: String(s.id), label: s.label }))}
                defaultValue={sentTo('validate')?.sessionId}
                errors={validateErrors.sessionId}
              />
              <Input
                id="observation"
                name="observation"
                label="Observation (facultatif)"
                hint="Ce que vous avez vu, surtout si ce n’était pas en atelier."
                defaultValue={sentTo('validate')?.observation}
                errors={validateErrors.observation}
              />
              <Input
                id="note"
                name="note"
                label="Note (facultatif)"
                defaultValue={sentTo('validate')?.note}
                errors={validateErrors.note}
              />
              <button type="submit">Valider la compétence</button>
            </Form>
          ) : (
            <p>Toutes les compétences sont validées.</p>
          )}
        </Section>
      ) : null}

      {mayIssue ? (
        <Section id="delivrer" title="Délivrer le certificat">
          <Form method="post" action={`/competences/personnes/${memberId}#delivrer`} className="narrow">
            <input type="hidden" name="intent" value="issue" />
            <FormErrors errors={issueErrors['']} />
            <Select
              id="levelId"
              name="levelId"
              label="Niveau"
              required
              options={levels.map((l) => ({
                value: String(l.id),
                label: `${l.title}${l.certificate ? ' (déjà délivré)' : l.missing.length ? ` (il manque ${l.missing.length} compétence${l.missing.length > 1 ? 's' : ''})` : ''}`,
              }))}
              defaultValue={sentTo('issue')?.levelId ?? (reached[0] ? String(reached[0].id) : undefined)}
              errors={issueErrors.levelId}
            />
            <Input
              id="holderName"
              name="holderName"
              label="Nom imprimé sur le certificat"
              hint="Vérifiez l’orthographe avec la personne."
              required
              defaultValue={sentTo('issue')?.holderName ?? name}
              errors={issueErrors.holderName}
            />
            <button type="submit">Délivrer le certificat</button>
          </Form>
        </Section>
      ) : notAuthorised ? (
        <p>{notAuthorised}</p>
      ) : null}

      {certificates.length ? (
        <Section id="certificats" title="Certificats">
          <ul className="links">
            {certificates.map((c) => (
              <li key={c.id}>
                <Link to={`/certificats/${c.id}`}>{c.code}</Link> — {c.levelTitle}, délivré le{' '}
                {date(c.issuedOn)}
                {c.revokedAt ? <strong>, révoqué le {date(c.revokedAt)}</strong> : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </Page>
  );
}
