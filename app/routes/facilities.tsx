// The programme's facilities (lieux de médiation numérique): where they are, whether they are open now; a new one.
import { getFormProps, useForm } from '@conform-to/react';
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
import type { z } from 'zod';
import { displayPhone } from '../../src/households/index.ts';
import { listOrganisations } from '../../src/partners/index.ts';
import { type Actor, canAtAll, scopeOf } from '../../src/platform/permissions/index.ts';
import {
  createFacility,
  describeState,
  FacilityInput,
  listFacilities,
  openingState,
  workshopRefusalMessage,
} from '../../src/workshops/index.ts';
import { FacilityFields } from '../components/facility-fields.tsx';
import { FormErrors } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Lieux de médiation numérique — Palier' }];

type Db = ReturnType<typeof services>['db'];

/** The facility partners the actor may link a facility to: only those who choose (the coordinator, the admin). */
async function facilityPartners(db: Db, actor: Actor) {
  if (scopeOf(actor, 'facility.manage') !== 'programme' || !canAtAll(actor, 'partner.manage')) return null;
  const organisations = await listOrganisations({ db, actor });
  return organisations
    .filter((o) => o.kind === 'facility' && o.active)
    .map((o) => ({ id: o.id, name: o.name }));
}

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'workshop.read');
  const { db } = services(context);
  const now = new Date();
  const facilities = await listFacilities({ db, programmeId: actor.programmeId });
  const canManage = canAtAll(actor, 'facility.manage');
  return {
    facilities: facilities.map((f) => {
      const state = openingState(f.openingHours ?? '', now);
      return {
        id: f.id,
        name: f.name,
        address: `${f.address}, ${f.postcode} ${f.commune}`,
        open: state.open && !state.unknown,
        today: describeState(state, now),
        phone: f.phone ? displayPhone(f.phone) : null,
        phoneLink: f.phone ? f.phone.replace(/[^+\d]/g, '') : null,
        wheelchairAccessible: f.wheelchairAccessible,
        computers: f.computers,
        partner: f.organisationName,
      };
    }),
    canManage,
    canImport: scopeOf(actor, 'facility.manage') === 'programme',
    partners: canManage ? await facilityPartners(db, actor) : null,
  };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'facility.manage');
  const { submission } = await parseForm(request, FacilityInput);
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 });
  const created = await createFacility({ db: services(context).db, actor, input: submission.value });
  if (!created.ok) {
    const message = workshopRefusalMessage(created.reason);
    return data(
      {
        result: submission.reply(
          created.field ? { fieldErrors: { [created.field]: [message] } } : { formErrors: [message] },
        ),
      },
      { status: 409 },
    );
  }
  return redirect(`/lieux/${created.facilityId}?fait=cree`);
});

export default function Facilities() {
  const { facilities, canManage, canImport, partners } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof FacilityInput>>({
    lastResult: actionData?.result,
    defaultValue: { computers: '0' },
  });
  return (
    <Page title="Lieux de médiation numérique">
      <p className="lead">
        Les lieux où les habitants apprennent à se servir d’un ordinateur, d’un téléphone et d’Internet.
      </p>
      {canManage ? (
        <ul className="links">
          {canImport ? (
            <li>
              <Link to="/lieux/import">Importer un fichier (standard national)</Link>
            </li>
          ) : null}
          <li>
            <a href="/lieux/export.csv" download>
              Exporter (standard national, CSV)
            </a>
          </li>
          <li>
            <a href="#nouveau-lieu">Nouveau lieu</a>
          </li>
        </ul>
      ) : null}
      {facilities.length === 0 ? (
        <p>Aucun lieu pour le moment.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Lieux de médiation numérique</caption>
          <thead>
            <tr>
              <th scope="col">Lieu</th>
              <th scope="col">Adresse</th>
              <th scope="col">Maintenant</th>
              <th scope="col">Téléphone</th>
              <th scope="col">Accessibilité</th>
              <th scope="col" className="num">
                Ordinateurs
              </th>
              <th scope="col">Partenaire</th>
            </tr>
          </thead>
          <tbody>
            {facilities.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link to={`/lieux/${f.id}`}>{f.name}</Link>
                </td>
                <td>{f.address}</td>
                <td>{f.open ? <strong>{f.today}</strong> : f.today}</td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  {f.phone ? <a href={`tel:${f.phoneLink}`}>{f.phone}</a> : '—'}
                </td>
                <td>
                  {f.wheelchairAccessible === true
                    ? 'Accessible en fauteuil roulant'
                    : f.wheelchairAccessible === false
                      ? 'Pas accessible en fauteuil roulant'
                      : 'Non renseignée'}
                </td>
                <td className="num">{f.computers}</td>
                <td>{f.partner ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage ? (
        <Form method="post" {...getFormProps(form)} aria-labelledby="nouveau-lieu" className="narrow">
          <h2 id="nouveau-lieu">Nouveau lieu</h2>
          <p className="hint">Les champs marqués d’une * sont obligatoires.</p>
          <FormErrors errors={form.errors} />
          <FacilityFields fields={fields} partners={partners} />
          <button type="submit">Enregistrer le lieu</button>
        </Form>
      ) : null}
    </Page>
  );
}
