import { type ActionFunctionArgs, redirect } from 'react-router';
import { forgetSession, services } from '../lib/services.server.ts';

export async function action({ request, context }: ActionFunctionArgs) {
  forgetSession(request);
  const { headers } = await services(context).auth.api.signOut({
    headers: request.headers,
    returnHeaders: true,
  });
  return redirect('/login', { headers });
}

export const loader = () => redirect('/');
