// What the impact dashboard and its exports are asked for in their address (`?du=…&au=…&zone=secteur-12`): a
// period (1 January to today by default), an area among those the reader may see, and the figures getIndicators
// gives that reader — raw only for the coordinator who asked for them, under statistical secrecy otherwise.
import { getIndicators, type Indicators } from '../../src/impact/index.ts';
import { localDate } from '../../src/platform/dates.ts';
import type { DbOrTx } from '../../src/platform/db/index.ts';
import { type Actor, scopeOf } from '../../src/platform/permissions/index.ts';
import { listSectors } from '../../src/territory/index.ts';
import { readPeriod } from '../lib/period.server.ts';

export interface AreaChoices {
  /** Neighbourhoods with the sectors of each that the reader may see. */
  neighbourhoods: { id: number; name: string; sectors: { id: number; label: string }[] }[];
  /** Whether the reader sees only the sectors its organisation serves. */
  scoped: boolean;
}

export interface ImpactQuery {
  from: string;
  to: string;
  /** What was typed, shown back in the form. */
  typed: { from: string; to: string };
  errors: { from: string | null; to: string | null; zone: string | null };
  /** `''` (everything the reader may see), `quartier-<id>` or `secteur-<id>`. */
  zone: string;
  areas: AreaChoices;
  /** The same period and area, for links (the toggle, the exports). */
  search: URLSearchParams;
}

/** The sectors the reader may see figures of, grouped by neighbourhood. */
async function areaChoices(db: DbOrTx, actor: Actor): Promise<AreaChoices> {
  const scoped = scopeOf(actor, 'impact.read') !== 'programme';
  const sectors = (await listSectors({ db, actor })).filter((s) => !scoped || actor.sectorIds.includes(s.id));
  const neighbourhoods = new Map<number, AreaChoices['neighbourhoods'][number]>();
  for (const s of sectors) {
    const n = neighbourhoods.get(s.neighbourhoodId) ?? {
      id: s.neighbourhoodId,
      name: s.neighbourhoodName,
      sectors: [],
    };
    n.sectors.push({ id: s.id, label: `${s.code} — ${s.name}` });
    neighbourhoods.set(s.neighbourhoodId, n);
  }
  return { neighbourhoods: [...neighbourhoods.values()], scoped };
}

export async function readImpactQuery(
  db: DbOrTx,
  actor: Actor,
  url: URL,
  now = new Date(),
): Promise<ImpactQuery> {
  const today = localDate(now);
  const defaults = { from: `${today.slice(0, 4)}-01-01`, to: today };
  const asked = new URL(url);
  if (!asked.searchParams.get('du')) asked.searchParams.set('du', defaults.from);
  if (!asked.searchParams.get('au')) asked.searchParams.set('au', defaults.to);
  const period = readPeriod(asked, now);
  const wrong = Boolean(period.errors.from || period.errors.to);
  const { from, to } = wrong ? defaults : period;

  const areas = await areaChoices(db, actor);
  const typedZone = url.searchParams.get('zone') ?? '';
  const match = /^(quartier|secteur)-(\d{1,10})$/.exec(typedZone);
  const id = match ? Number(match[2]) : null;
  const known =
    match?.[1] === 'quartier'
      ? areas.neighbourhoods.some((n) => n.id === id)
      : match?.[1] === 'secteur'
        ? areas.neighbourhoods.some((n) => n.sectors.some((s) => s.id === id))
        : false;
  const zone = known ? typedZone : '';
  const search = new URLSearchParams({ du: from, au: to });
  if (zone) search.set('zone', zone);
  return {
    from,
    to,
    typed: period.typed,
    errors: {
      ...period.errors,
      zone:
        typedZone && !known ? 'Zone inconnue ou hors de vos secteurs : toute votre zone est montrée.' : null,
    },
    zone,
    areas,
    search,
  };
}

/** The indicators of the query's period and area, raw only when asked for by the coordinator (getIndicators decides). */
export function indicatorsOf(
  db: DbOrTx,
  actor: Actor,
  query: ImpactQuery,
  raw: boolean,
): Promise<Indicators> {
  const [kind, id] = query.zone.split('-');
  return getIndicators({
    db,
    actor,
    raw,
    filter: {
      from: query.from,
      to: query.to,
      ...(kind === 'quartier' ? { neighbourhoodId: Number(id) } : {}),
      ...(kind === 'secteur' ? { sectorId: Number(id) } : {}),
    },
  });
}
