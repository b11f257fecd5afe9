// React Router passes only cookies from a loader or an action to the page's answer: a page limited against guessing
// (sign-in, invitation, the online vote) exports this as its `headers` so that its 429 says when to come back.
import type { HeadersFunction } from 'react-router';

export const keepRetryAfter: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const headers = new Headers();
  const wait = actionHeaders.get('Retry-After') ?? loaderHeaders.get('Retry-After');
  if (wait) headers.set('Retry-After', wait);
  return headers;
};
