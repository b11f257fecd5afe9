// /coordination/conventions/:id: one agreement — its facts, where it stands, its documents, the agreements before and
// after it — and, for the coordinator, renewing, correcting and terminating it. Its partner reads it only.
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
import {
  AgreementChangeForm,
  addAgreementDocument,
  daysBetween,
  getAgreement,
  RenewalForm,
  renewAgreement,
  renewalStartsOn,
  TerminationInput,
  terminateAgreement,
  updateAgreement,
} from '../../src/coordination/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import { FormErrors, Notice } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { readForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { intParam, requireActor, services } from '../lib/services.server.ts';
import { issuesByField, refusalErrors, textValues } from './coordination-forms.server.ts';
import {
  centsInput,
  type Errors,
  FieldAlert,
  Input,
  RenewalStateText,
  Section,
  sizeText,
  TextArea,
} from './coordination-parts.tsx';

export const meta = ({ data: loaded }: { data?: { agreement?: { reference: string } } }) => [
  { title: `Convention ${loaded?.agreement?.reference ?? ''} — Palier` },
];

/**
 * The end a renewal most likely has: as many whole years after the old end as the old agreement lasted (a 2024
 * agreement renewed for 2025); nothing when it lasted less than a year.
 */
function sameLengthAfter(startsOn: string, endsOn: string): string | undefined {
  const years = Math.round(daysBetween(startsOn, endsOn) / 365.25);
  if (years < 1) return undefined;
  const [y, m, d] = endsOn.split('-') as [string, string, string];
  const day = m === '02' && d === '29' ? '28' : d;
  return `${Number(y) + years}-${m}-${day}`;
}

const doneMessages: Record<string, string> = {
  creee: 'La convention est enregistrée. Joignez-y le document signé.',
  renouvelee: 'La convention est renouvelée : voici la nouvelle.',
  modifiee: 'La convention est corrigée.',
  resiliee: 'La convention est résiliée.',
  document: 'Le document est joint à la convention.',
};

export const loader = guard(async ({ request, context, params }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'agreement.read');
  const today = localDate(new Date());
  const a = await getAgreement({ db: services(context).db, actor, agreementId: intParam(params.id), today });
  return {
    agreement: {
      id: a.id,
      reference: a.reference,
      organisationName: a.organisationName,
      object: a.object,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      amountCents: a.amountCents,
      noticeDays: a.noticeDays,
      status: a.status,
      state: a.state,
      alertFrom: a.alertFrom,
      daysLeft: a.daysLeft,
      createdBy: a.createdBy,
      renews: a.renews,
      renewedBy: a.renewedBy,
    },
    documents: a.documents.map((d) => ({
      id: d.id,
      name: d.name,
      mediaType: d.mediaType,
      size: d.size,
      uploadedBy: d.uploadedBy,
      uploadedAt: d.uploadedAt.toISOString(),
    })),
    canManage: a.canManage,
    renewalStartsOn: renewalStartsOn(a.endsOn),
    renewalEndsOn: sameLengthAfter(a.startsOn, a.endsOn),
    today,
    done: doneMessages[new URL(request.url).searchParams.get('fait') ?? ''] ?? null,
  };
});

export const action = guard(async ({ request, context, params }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'agreement.manage');
  const { db } = services(context);
  const agreementId = intParam(params.id);
  const form = await readForm(request);
  const values = textValues(form);
  const failed = (formKey: string, errors: Errors, status = 400) =>
    data({ form: formKey, errors, values }, { status });
  const back = (done: string, anchor: string, id = agreementId) =>
    redirect(`/coordination/conventions/${id}?fait=${done}#${anchor}`);

  switch (values.intent) {
    case 'document': {
      const file = form.get('document');
      if (!(file instanceof File) || (file.size === 0 && !file.name))
        return failed('document', { document: ['Choisissez un fichier : un PDF ou une photo.'] });
      const added = await addAgreementDocument({
        db,
        actor,
        agreementId,
        upload: { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) },
      });
      if (!added.ok) return failed('document', { document: [added.message] });
      return back('document', 'documents');
    }
    case 'renew': {
      const parsed = RenewalForm.safeParse({
        reference: values.reference ?? '',
        endsOn: values.endsOn ?? '',
        object: values.object,
        amountCents: values.amount,
        noticeDays: values.noticeDays,
      });
      if (!parsed.success) return failed('renew', issuesByField(parsed.error));
      const renewed = await renewAgreement({ db, actor, agreementId, input: parsed.data });
      if (!renewed.ok) return failed('renew', refusalErrors(renewed), 409);
      return back('renouvelee', 'top', renewed.agreementId);
    }
    case 'update': {
      const parsed = AgreementChangeForm.safeParse({
        reference: values.reference ?? '',
        object: values.object ?? '',
        startsOn: values.startsOn ?? '',
        endsOn: values.endsOn ?? '',
        amountCents: values.amount ?? '',
        noticeDays: values.noticeDays ?? '',
      });
      if (!parsed.success) return failed('update', issuesByField(parsed.error));
      const changed = await updateAgreement({ db, actor, agreementId, input: parsed.data });
      if (!changed.ok) return failed('update', refusalErrors(changed), 409);
      return back('modifiee', 'top');
    }
    case 'terminate': {
      const parsed = TerminationInput.safeParse({ on: values.on ?? '', reason: values.reason ?? '' });
      if (!parsed.success) return failed('terminate', issuesByField(parsed.error));
      const ended = await terminateAgreement({ db, actor, agreementId, input: parsed.data });
      if (!ended.ok) return failed('terminate', refusalErrors(ended), 409);
      return back('resiliee', 'top');
    }
    default:
      return failed('', { '': ['Action inconnue.'] });
  }
});

export default function AgreementPage() {
  const {
    agreement: a,
    documents,
    canManage,
    renewalStartsOn: nextStart,
    renewalEndsOn: nextEnd,
    today,
    done,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsOf = (formKey: string): Errors => (actionData?.form === formKey ? actionData.errors : {});
  const sentTo = (formKey: string) => (actionData?.form === formKey ? actionData.values : undefined);
  const { date, dateTime, cents } = useI18n();
  const renewErrors = errorsOf('renew');
  const updateErrors = errorsOf('update');
  const terminateErrors = errorsOf('terminate');
  const documentErrors = errorsOf('document');
  const open = a.status === 'active';
  return (
    <Page
      title={`Convention ${a.reference}`}
      crumbs={[
        { to: '/coordination', label: 'Coordination' },
        { to: '/coordination/conventions', label: 'Conventions' },
      ]}
    >
      <span id="top" />
      {done ? <Notice>{done}</Notice> : null}
      <FormErrors errors={errorsOf('')['']} />
      {a.state === 'renewal_due' || a.state === 'expired' ? (
        <div className="form-error">
          <p>
            <strong>
              {a.state === 'expired'
                ? `Cette convention est échue depuis le ${date(a.endsOn)} et n’a pas été renouvelée.`
                : `Cette convention finit le ${date(a.endsOn)} (dans ${a.daysLeft} jour${a.daysLeft > 1 ? 's' : ''}) : préparez son renouvellement.`}
            </strong>
          </p>
        </div>
      ) : null}
      <dl className="facts">
        <dt>Partenaire</dt>
        <dd>{a.organisationName}</dd>
        <dt>Objet</dt>
        <dd style={{ whiteSpace: 'pre-line' }}>{a.object}</dd>
        <dt>Du</dt>
        <dd>{date(a.startsOn)}</dd>
        <dt>Au</dt>
        <dd>{date(a.endsOn)}</dd>
        <dt>Montant</dt>
        <dd>{cents(a.amountCents)}</dd>
        <dt>Préavis</dt>
        <dd>
          {a.noticeDays} jours (alerte à partir du {date(a.alertFrom)})
        </dd>
        <dt>État</dt>
        <dd>
          <RenewalStateText state={a.state} endsOn={a.endsOn} alertFrom={a.alertFrom} />
        </dd>
        {a.renews ? (
          <>
            <dt>Renouvelle</dt>
            <dd>
              <Link to={`/coordination/conventions/${a.renews.id}`}>{a.renews.reference}</Link> (finie le{' '}
              {date(a.renews.endsOn)})
            </dd>
          </>
        ) : null}
        {a.renewedBy ? (
          <>
            <dt>Renouvelée par</dt>
            <dd>
              <Link to={`/coordination/conventions/${a.renewedBy.id}`}>{a.renewedBy.reference}</Link> (à
              partir du {date(a.renewedBy.startsOn)})
            </dd>
          </>
        ) : null}
        <dt>Enregistrée par</dt>
        <dd>{a.createdBy}</dd>
      </dl>

      <Section id="documents" title="Documents">
        {documents.length === 0 ? (
          <p>Aucun document pour le moment.</p>
        ) : (
          <ul className="links">
            {documents.map((d) => (
              <li key={d.id}>
                <a href={`/coordination/conventions/${a.id}/documents/${d.id}`} download>
                  {d.name}
                </a>{' '}
                ({d.mediaType === 'application/pdf' ? 'PDF' : 'photo'}, {sizeText(d.size)}), ajouté le{' '}
                {dateTime(d.uploadedAt)} par {d.uploadedBy}
              </li>
            ))}
          </ul>
        )}
        {canManage ? (
          <Form
            method="post"
            action={`/coordination/conventions/${a.id}#documents`}
            encType="multipart/form-data"
            className="narrow"
          >
            <input type="hidden" name="intent" value="document" />
            <div className={`field${documentErrors.document ? ' has-error' : ''}`}>
              <label htmlFor="document">Document (PDF ou photo, 10 Mo au plus)</label>
              <p className="hint" id="document-hint">
                La convention signée, un avenant : un fichier PDF, ou une photo JPEG ou PNG.
              </p>
              <FieldAlert id="document-error" errors={documentErrors.document} />
              <input
                id="document"
                name="document"
                type="file"
                accept=".pdf,.jpg,.jpeg,.png"
                required
                aria-invalid={documentErrors.document ? true : undefined}
                aria-describedby={documentErrors.document ? 'document-hint document-error' : 'document-hint'}
              />
            </div>
            <button type="submit">Joindre le document</button>
          </Form>
        ) : null}
      </Section>

      {canManage && open && !a.renewedBy ? (
        <Section id="renouveler" title="Renouveler">
          <p>La nouvelle convention commence le {date(nextStart)}, le lendemain de la fin de celle-ci.</p>
          <Form method="post" action={`/coordination/conventions/${a.id}#renouveler`} className="narrow">
            <input type="hidden" name="intent" value="renew" />
            <FormErrors errors={renewErrors['']} />
            <Input
              id="renew-reference"
              name="reference"
              label="Référence de la nouvelle convention"
              required
              defaultValue={sentTo('renew')?.reference}
              errors={renewErrors.reference}
            />
            <Input
              id="renew-endsOn"
              name="endsOn"
              type="date"
              label="Fin de la nouvelle convention"
              required
              defaultValue={sentTo('renew')?.endsOn ?? nextEnd}
              errors={renewErrors.endsOn}
            />
            <TextArea
              id="renew-object"
              name="object"
              label="Objet"
              hint="Laissé tel quel, c’est celui de cette convention."
              defaultValue={sentTo('renew')?.object ?? a.object}
              errors={renewErrors.object}
            />
            <Input
              id="renew-amount"
              name="amount"
              label="Montant (€)"
              inputMode="decimal"
              defaultValue={sentTo('renew')?.amount ?? centsInput(a.amountCents)}
              errors={renewErrors.amountCents}
            />
            <Input
              id="renew-noticeDays"
              name="noticeDays"
              label="Préavis de renouvellement (jours)"
              inputMode="numeric"
              defaultValue={sentTo('renew')?.noticeDays ?? a.noticeDays}
              errors={renewErrors.noticeDays}
            />
            <button type="submit">Renouveler la convention</button>
          </Form>
        </Section>
      ) : null}

      {canManage && open ? (
        <>
          <Section id="corriger" title="Corriger">
            <details open={actionData?.form === 'update'}>
              <summary>Corriger la référence, l’objet, les dates ou le montant</summary>
              <Form method="post" action={`/coordination/conventions/${a.id}#corriger`} className="narrow">
                <input type="hidden" name="intent" value="update" />
                <FormErrors errors={updateErrors['']} />
                <Input
                  id="update-reference"
                  name="reference"
                  label="Référence"
                  required
                  defaultValue={sentTo('update')?.reference ?? a.reference}
                  errors={updateErrors.reference}
                />
                <TextArea
                  id="update-object"
                  name="object"
                  label="Objet"
                  required
                  defaultValue={sentTo('update')?.object ?? a.object}
                  errors={updateErrors.object}
                />
                <Input
                  id="update-startsOn"
                  name="startsOn"
                  type="date"
                  label="Début"
                  required
                  defaultValue={sentTo('update')?.startsOn ?? a.startsOn}
                  errors={updateErrors.startsOn}
                />
                <Input
                  id="update-endsOn"
                  name="endsOn"
                  type="date"
                  label="Fin"
                  required
                  defaultValue={sentTo('update')?.endsOn ?? a.endsOn}
                  errors={updateErrors.endsOn}
                />
                <Input
                  id="update-amount"
                  name="amount"
                  label="Montant (€)"
                  inputMode="decimal"
                  defaultValue={sentTo('update')?.amount ?? centsInput(a.amountCents)}
                  errors={updateErrors.amountCents}
                />
                <Input
                  id="update-noticeDays"
                  name="noticeDays"
                  label="Préavis de renouvellement (jours)"
                  inputMode="numeric"
                  defaultValue={sentTo('update')?.noticeDays ?? a.noticeDays}
                  errors={updateErrors.noticeDays}
                />
                <button type="submit">Enregistrer les corrections</button>
              </Form>
            </details>
          </Section>

          <Section id="resilier" title="Résilier ou clore">
            <p>
              La convention prend fin ce jour-là (au plus tard à sa fin prévue) et ne demande plus de
              renouvellement.
            </p>
            <Form method="post" action={`/coordination/conventions/${a.id}#resilier`} className="narrow">
              <input type="hidden" name="intent" value="terminate" />
              <FormErrors errors={terminateErrors['']} />
              <Input
                id="terminate-on"
                name="on"
                type="date"
                label="Date de fin"
                required
                defaultValue={sentTo('terminate')?.on ?? [today, a.endsOn].sort()[0]}
                errors={terminateErrors.on}
              />
              <TextArea
                id="terminate-reason"
                name="reason"
                label="Motif"
                required
                defaultValue={sentTo('terminate')?.reason}
                errors={terminateErrors.reason}
              />
              <button type="submit" className="secondary">
                Résilier la convention
              </button>
            </Form>
          </Section>
        </>
      ) : null}
    </Page>
  );
}
