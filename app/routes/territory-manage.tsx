import { getFormProps, useForm } from '@conform-to/react';
import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useLoaderData,
} from 'react-router';
import { z } from 'zod';
import {
  createNeighbourhood,
  createSector,
  listNeighbourhoods,
  NewNeighbourhood,
  NewSector,
} from '../../src/territory/index.ts';
import { FormErrors, Notice, SelectField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { parseForm } from '../lib/forms.server.ts';
import { guard } from '../lib/guard.server.ts';
import { useI18n } from '../lib/i18n.ts';
import { requireActor, services } from '../lib/services.server.ts';

export const meta = () => [{ title: 'Gérer le territoire — Palier' }];

const ManageForm = z.discriminatedUnion('intent', [
  NewNeighbourhood.extend({ intent: z.literal('neighbourhood') }),
  NewSector.extend({ intent: z.literal('sector') }),
]);

export const loader = guard(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request, context, 'territory.write');
  const neighbourhoods = await listNeighbourhoods({ db: services(context).db, actor });
  return { neighbourhoods, done: new URL(request.url).searchParams.get('fait') };
});

export const action = guard(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request, context, 'territory.write');
  const { db } = services(context);
  const { submission } = await parseForm(request, ManageForm);
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 });
  const { intent, ...input } = submission.value;
  const created =
    intent === 'neighbourhood'
      ? await createNeighbourhood({ db, actor, input: input as z.infer<typeof NewNeighbourhood> })
      : await createSector({ db, actor, input: input as z.infer<typeof NewSector> });
  if (!created.ok) {
    const message = {
      name_taken: 'Un quartier porte déjà ce nom dans le programme.',
      code_taken: 'Un secteur a déjà ce code dans le programme.',
      unknown_neighbourhood: 'Ce quartier n’existe pas dans le programme.',
    }[created.reason];
    return data({ result: submission.reply({ formErrors: [message] }) }, { status: 409 });
  }
  return redirect(`/territoire/gerer?fait=${intent}`);
});

export default function ManageTerritory() {
  const { neighbourhoods, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const [nForm, nFields] = useForm<z.input<typeof NewNeighbourhood>>({
    id: 'neighbourhood',
    lastResult: actionData?.result,
  });
  const [sForm, sFields] = useForm<z.input<typeof NewSector>>({
    id: 'sector',
    lastResult: actionData?.result,
  });
  const intent = (actionData?.result?.initialValue as { intent?: string } | undefined)?.intent;
  return (
    <Page title={t('territory.manage')} crumbs={[{ to: '/territoire', label: t('territory.title') }]}>
      {done ? <Notice>{t(`territory.created.${done}`)}</Notice> : null}
      <div className="two-columns">
        <Form method="post" {...getFormProps(nForm)} aria-labelledby="new-n">
          <h2 id="new-n">{t('territory.newNeighbourhood')}</h2>
          {intent === 'neighbourhood' ? <FormErrors errors={nForm.errors} /> : null}
          <input type="hidden" name="intent" value="neighbourhood" />
          <TextField
            name="name"
            id="n-name"
            label={t('territory.name')}
            required
            errors={intent === 'neighbourhood' ? nFields.name.errors : undefined}
          />
          <TextField
            name="inseeCode"
            label={t('territory.inseeCode')}
            hint={t('territory.inseeHint')}
            required
            errors={intent === 'neighbourhood' ? nFields.inseeCode.errors : undefined}
          />
          <TextField
            name="qpvCode"
            label={t('territory.qpvCode')}
            hint={t('territory.qpvHint')}
            errors={intent === 'neighbourhood' ? nFields.qpvCode.errors : undefined}
          />
          <button type="submit">{t('common.create')}</button>
        </Form>
        <Form method="post" {...getFormProps(sForm)} aria-labelledby="new-s">
          <h2 id="new-s">{t('territory.newSector')}</h2>
          {intent === 'sector' ? <FormErrors errors={sForm.errors} /> : null}
          <input type="hidden" name="intent" value="sector" />
          <SelectField
            name="neighbourhoodId"
            label={t('territory.neighbourhood')}
            required
            options={neighbourhoods.map((n) => ({ value: String(n.id), label: n.name }))}
            errors={intent === 'sector' ? sFields.neighbourhoodId.errors : undefined}
          />
          <TextField
            name="code"
            id="s-code"
            label={t('territory.code')}
            required
            errors={intent === 'sector' ? sFields.code.errors : undefined}
          />
          <TextField
            name="name"
            id="s-name"
            label={t('territory.name')}
            required
            errors={intent === 'sector' ? sFields.name.errors : undefined}
          />
          <button type="submit">{t('common.create')}</button>
        </Form>
      </div>
    </Page>
  );
}
