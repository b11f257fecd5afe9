// Placeholder download, filled by the privacy work.
export function loader() {
  throw new Response('Not found', { status: 404 });
}
