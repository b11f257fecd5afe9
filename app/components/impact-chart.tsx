// A chart of the impact figures, drawn on the server as SVG markup (src/impact/charts.ts) and inlined as is: no
// script; the SVG names itself (role="img", title, description) and an accessible table always follows it.
export function ImpactChart({ svg }: { svg: string }) {
  return (
    <div
      className="impact-chart"
      style={{ maxWidth: '34rem', margin: '0.5rem 0 1rem' }}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: the markup is built by charts.ts from numbers and labels it escapes itself.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
