// Placeholder page, filled by the privacy work.
export function loader() {
  throw new Response('Not found', { status: 404 });
}

export default function Placeholder() {
  return null;
}
