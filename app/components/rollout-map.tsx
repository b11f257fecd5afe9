// The roll-out map as plain SVG drawn on the server (src/rollout/map.ts): it needs no script and no map service.
// Stages are told apart by colour and by pattern; facilities by the shape of their marker.
import type { ReactNode } from 'react';
import type { MapDrawing, StagePattern } from '../../src/rollout/index.ts';
import { useI18n } from '../lib/i18n.ts';

/** Where a sector leads: its page, with its roll-out history. */
export const sectorHref = (id: number) => `/territoire/secteurs/${id}/deploiement`;

const patternId = (stage: string) => `rollout-map-${stage}`;

/** The marks each pattern draws over the stage's colour, on an 8 × 8 tile. */
const patternMarks: Record<StagePattern, (ink: string) => ReactNode> = {
  plain: () => null,
  dots: (ink) => <circle cx="4" cy="4" r="1.4" fill={ink} />,
  rising: (ink) => <path d="M-2,2l4,-4M0,8l8,-8M6,10l4,-4" stroke={ink} strokeWidth="1.3" />,
  falling: (ink) => <path d="M-2,6l4,4M0,0l8,8M6,-2l4,4" stroke={ink} strokeWidth="1.3" />,
  horizontal: (ink) => <path d="M0,4h8" stroke={ink} strokeWidth="1.5" />,
  vertical: (ink) => <path d="M4,0v8" stroke={ink} strokeWidth="1.5" />,
  grid: (ink) => <path d="M0,4h8M4,0v8" stroke={ink} strokeWidth="1.1" />,
  crosshatch: (ink) => <path d="M0,0l8,8M8,0l-8,8" stroke={ink} strokeWidth="1.1" />,
  rings: (ink) => <circle cx="4" cy="4" r="2.2" fill="none" stroke={ink} strokeWidth="1.1" />,
};

function FacilityMarker({ x, y, offersWorkshops }: { x: number; y: number; offersWorkshops: boolean }) {
  // A filled diamond where workshops are offered, a hollow circle elsewhere: shape first, then contrast.
  return offersWorkshops ? (
    <path
      d={`M${x},${y - 8}L${x + 8},${y}L${x},${y + 8}L${x - 8},${y}Z`}
      fill="#000"
      stroke="#fff"
      strokeWidth="2"
    />
  ) : (
    <circle cx={x} cy={y} r="6" fill="#fff" stroke="#000" strokeWidth="2.5" />
  );
}

export function RolloutMap({ drawing, title }: { drawing: MapDrawing; title: string }) {
  const { t, number } = useI18n();
  const stageLabel = (stage: string) => t(`rollout.${stage}`);
  const present = drawing.legend.filter((l) => l.count > 0);
  const workshops = drawing.facilities.filter((f) => f.offersWorkshops).length;
  const description = [
    `${number(drawing.sectors.length)} secteur${drawing.sectors.length > 1 ? 's' : ''} dessiné${drawing.sectors.length > 1 ? 's' : ''} selon l’étape du déploiement`,
    present.length
      ? ` (${present.map((l) => `${stageLabel(l.stage)} : ${number(l.count)}`).join(', ')})`
      : '',
    `, et ${number(drawing.facilities.length)} lieu${drawing.facilities.length > 1 ? 'x' : ''} de médiation numérique`,
    drawing.facilities.length ? `, dont ${number(workshops)} avec des ateliers` : '',
    '. Le tableau sous la carte donne les mêmes informations.',
  ].join('');

  return (
    <figure className="rollout-map" style={{ margin: '1rem 0' }}>
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a fieldset. A group, not an image: an image's children are presentational, and the sectors are links. */}
      <svg
        role="group"
        aria-labelledby="rollout-map-title"
        aria-describedby="rollout-map-desc"
        viewBox={`0 0 ${drawing.width} ${drawing.height}`}
        width="100%"
        style={{
          maxWidth: `${drawing.width}px`,
          height: 'auto',
          border: '1px solid #c9cad3',
          display: 'block',
        }}
      >
        <title id="rollout-map-title">{title}</title>
        <desc id="rollout-map-desc">{description}</desc>
        <defs>
          {drawing.legend.map((l) => (
            <pattern key={l.stage} id={patternId(l.stage)} patternUnits="userSpaceOnUse" width="8" height="8">
              <rect width="8" height="8" fill={l.colour} />
              <g opacity="0.6">{patternMarks[l.pattern](l.ink)}</g>
            </pattern>
          ))}
        </defs>
        <rect width={drawing.width} height={drawing.height} fill="#f3f4f8" />
        {drawing.tiles.map((tile) => (
          <image
            key={tile.href}
            href={tile.href}
            x={tile.x}
            y={tile.y}
            width={tile.size}
            height={tile.size}
            preserveAspectRatio="none"
          />
        ))}
        <g>
          {drawing.sectors.map((s) => (
            <a key={s.id} href={sectorHref(s.id)}>
              <title>{`${s.code} — ${s.name} (${s.neighbourhood}) : ${stageLabel(s.stage)}, ${number(s.dwellings)} logements`}</title>
              <path
                d={s.d}
                fill={`url(#${patternId(s.stage)})`}
                stroke="#1b1b1f"
                strokeWidth="1.5"
                strokeLinejoin="round"
              />
            </a>
          ))}
        </g>
        <g pointerEvents="none">
          {drawing.sectors.map((s) => (
            <text
              key={s.id}
              x={s.label.x}
              y={s.label.y}
              textAnchor="middle"
              dominantBaseline="central"
              fontSize="12"
              fontWeight="700"
              fill="#000"
              stroke="#fff"
              strokeWidth="3"
              paintOrder="stroke"
            >
              {s.code}
            </text>
          ))}
        </g>
        <g>
          {drawing.facilities.map((f) => (
            <g key={f.id}>
              <title>{`${f.name} — ${f.hours ?? 'horaires non renseignés'}${f.offersWorkshops ? ' — ateliers' : ''}`}</title>
              <FacilityMarker x={f.x} y={f.y} offersWorkshops={f.offersWorkshops} />
            </g>
          ))}
        </g>
      </svg>
      {drawing.attribution ? (
        <figcaption className="muted" style={{ fontSize: '0.85rem' }}>
          Fond de carte : {drawing.attribution}
        </figcaption>
      ) : null}
    </figure>
  );
}

/** The legend, as a list: each stage's swatch (colour and pattern) with its name and count, then the markers. */
export function RolloutMapLegend({ drawing }: { drawing: MapDrawing }) {
  const { t, number } = useI18n();
  const swatch = (children: ReactNode) => (
    <svg width="28" height="20" viewBox="0 0 28 20" aria-hidden="true" style={{ verticalAlign: 'middle' }}>
      {children}
    </svg>
  );
  return (
    <section aria-labelledby="rollout-map-legend">
      <h2 id="rollout-map-legend">Légende</h2>
      <ul style={{ listStyle: 'none', padding: 0, columns: '16rem' }}>
        {drawing.legend.map((l) => (
          <li key={l.stage}>
            {swatch(
              <rect
                x="1"
                y="1"
                width="26"
                height="18"
                rx="5"
                fill={`url(#${patternId(l.stage)})`}
                stroke="#1b1b1f"
                strokeWidth="1.5"
              />,
            )}{' '}
            {t(`rollout.${l.stage}`)} ({number(l.count)})
          </li>
        ))}
        <li>{swatch(<FacilityMarker x={14} y={10} offersWorkshops />)} Lieu avec des ateliers</li>
        <li>
          {swatch(<FacilityMarker x={14} y={10} offersWorkshops={false} />)} Autre lieu de médiation numérique
        </li>
      </ul>
    </section>
  );
}
