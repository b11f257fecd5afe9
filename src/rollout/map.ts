// Draws the programme's map on the server: sectors as the outline of their buildings, coloured and patterned by
// stage, facilities as markers, and optionally the raster tiles of a configured tile server underneath. Pure: the
// page renders the result as SVG, so the map needs no script and no third party sees who looks at what.
import { type GeoProjection, geoMercator } from 'd3-geo';
import { polygonArea, polygonCentroid, polygonHull } from 'd3-polygon';
import { tile } from 'd3-tile';
import { type RolloutStage, rolloutStages } from '../territory/index.ts';
import type { MapData } from './model.ts';

/** Room left around the drawing, in pixels, so that outlines, markers and labels stay inside the picture. */
export const mapMargin = 28;
/** How far a sector's outline reaches around its buildings, in pixels (a lone building is a disc this wide). */
export const outlineRadius = 10;
/** Tile servers rarely go further; a lone building is not drawn closer than this either. */
const maxZoom = 18;
const tileSize = 256;
/** The smallest area the map shows, in degrees of latitude (about 400 m): a lone building keeps its surroundings. */
const minSpanDeg = 0.0036;

/** Fills that tell stages apart without colour: each stage has its own pattern over its colour. */
export type StagePattern =
  | 'plain'
  | 'dots'
  | 'rising'
  | 'falling'
  | 'horizontal'
  | 'vertical'
  | 'grid'
  | 'crosshatch'
  | 'rings';

export interface StageStyle {
  /** Paul Tol's « muted » palette, made to stay distinct for colour-blind readers. */
  colour: string;
  pattern: StagePattern;
  /** The pattern's and label's ink on this colour: black or white, whichever contrasts more. */
  ink: '#000000' | '#ffffff';
}

export const stageStyles: Record<RolloutStage, StageStyle> = {
  identified: { colour: '#DDDDDD', pattern: 'plain', ink: '#000000' },
  partners_consulted: { colour: '#DDCC77', pattern: 'dots', ink: '#000000' },
  support_ready: { colour: '#999933', pattern: 'rising', ink: '#000000' },
  vote_open: { colour: '#88CCEE', pattern: 'horizontal', ink: '#000000' },
  vote_rejected: { colour: '#CC6677', pattern: 'crosshatch', ink: '#000000' },
  adopted: { colour: '#44AA99', pattern: 'vertical', ink: '#000000' },
  works: { colour: '#AA4499', pattern: 'falling', ink: '#ffffff' },
  service_open: { colour: '#117733', pattern: 'grid', ink: '#ffffff' },
  evaluated: { colour: '#332288', pattern: 'rings', ink: '#ffffff' },
};

type Sector = MapData['sectors'][number];
type Facility = MapData['facilities'][number];

export interface DrawnSector extends StageStyle {
  id: number;
  code: string;
  name: string;
  neighbourhood: string;
  stage: RolloutStage;
  dwellings: number;
  /** The outline: its buildings' convex hull widened by `outlineRadius` (a disc or a capsule for 1 or 2). */
  d: string;
  /** Where its code is written (the outline's centroid). */
  label: { x: number; y: number };
}

export interface DrawnFacility extends Facility {
  x: number;
  y: number;
}

export interface MapTile {
  href: string;
  x: number;
  y: number;
  size: number;
}

export interface MapDrawing {
  width: number;
  height: number;
  /** Placed sectors, largest first so that smaller ones stay on top and can be pointed at. */
  sectors: DrawnSector[];
  facilities: DrawnFacility[];
  /** Background tiles, only when a tile server is configured. */
  tiles: MapTile[];
  /** The tile zoom level (null without tiles). */
  zoom: number | null;
  /** The tile server's credit, to show with the map (null without tiles). */
  attribution: string | null;
  /** Every stage in roll-out order with how many drawn sectors are at it. */
  legend: (StageStyle & { stage: RolloutStage; count: number })[];
  /** Sectors with no building placed (no coordinates): listed in the table, not drawn. */
  unplacedSectorIds: number[];
}

export interface DrawOptions {
  width: number;
  height: number;
  tiles?: { urlTemplate: string; attribution: string } | null;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Web Mercator world width in pixels at a scale of d3's Mercator (scale = world width / 2π). */
const worldWidth = (projection: GeoProjection) => projection.scale() * 2 * Math.PI;

/** Moves the projection so that a place falls at the centre of the picture. */
function centreOn(projection: GeoProjection, place: [number, number], width: number, height: number) {
  const [x, y] = projection(place)!;
  const [tx, ty] = projection.translate();
  projection.translate([tx + width / 2 - x, ty + height / 2 - y]);
}

/**
 * A Mercator projection fitted to the points ([longitude, latitude]) inside the picture less the margin; null with
 * no point. A single building or a tight cluster is shown with at least `minSpanDeg` around it, never beyond zoom
 * 18. With `tileZoom` the scale is rounded down to a whole tile zoom, so that tiles are drawn at their own size.
 */
export function fitProjection(
  points: [number, number][],
  { width, height, tileZoom = false }: { width: number; height: number; tileZoom?: boolean },
): GeoProjection | null {
  if (points.length === 0) return null;
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of points) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  const centre: [number, number] = [(west + east) / 2, (south + north) / 2];
  const halfLat = Math.max((north - south) / 2, minSpanDeg / 2);
  const halfLon = Math.max(
    (east - west) / 2,
    minSpanDeg / 2 / Math.max(Math.cos((centre[1] * Math.PI) / 180), 0.01),
  );
  const projection = geoMercator().fitExtent(
    [
      [mapMargin, mapMargin],
      [width - mapMargin, height - mapMargin],
    ],
    {
      type: 'MultiPoint',
      coordinates: [
        [centre[0] - halfLon, centre[1] - halfLat],
        [centre[0] + halfLon, centre[1] + halfLat],
      ],
    },
  );
  // Shrinking about the centre keeps every point inside the fitted frame.
  let zoom = Math.min(Math.log2(worldWidth(projection) / tileSize), maxZoom);
  if (tileZoom) zoom = Math.floor(zoom);
  if (zoom !== Math.log2(worldWidth(projection) / tileSize)) {
    projection.scale((tileSize * 2 ** zoom) / (2 * Math.PI));
    centreOn(projection, centre, width, height);
  }
  return projection;
}

/** The tiles under the picture, from a `{z}/{x}/{y}` URL template, with d3-tile (web Mercator, like d3-geo's). */
export function tilesFor(
  projection: GeoProjection,
  { width, height, urlTemplate }: { width: number; height: number; urlTemplate: string },
): { zoom: number; tiles: MapTile[] } {
  const tiles = tile()
    .size([width, height])
    .tileSize(tileSize)
    .scale(worldWidth(projection))
    .translate(projection([0, 0])!)();
  const {
    translate: [tx, ty],
    scale: k,
  } = tiles;
  return {
    zoom: tiles[0]?.[2] ?? Math.round(Math.log2(worldWidth(projection) / tileSize)),
    tiles: tiles.map(([x, y, z]) => ({
      href: urlTemplate
        .replaceAll('{z}', String(z))
        .replaceAll('{x}', String(x))
        .replaceAll('{y}', String(y)),
      x: round((x + tx) * k),
      y: round((y + ty) * k),
      size: round(k),
    })),
  };
}

/** Directions around a building: its outline is the hull of these small circles. */
const circle = Array.from({ length: 16 }, (_, i) => [
  Math.cos((i * Math.PI) / 8) * outlineRadius,
  Math.sin((i * Math.PI) / 8) * outlineRadius,
]);

/** The hull of the buildings widened by `outlineRadius`: a disc for one, a capsule for two, a rounded hull else. */
export function outline(points: [number, number][]): [number, number][] {
  const core = (points.length >= 3 ? polygonHull(points) : null) ?? points;
  const widened = core.flatMap(([x, y]) => circle.map(([dx, dy]) => [x + dx!, y + dy!] as [number, number]));
  return polygonHull(widened)!;
}

const pathOf = (ring: [number, number][]) => `M${ring.map(([x, y]) => `${round(x)},${round(y)}`).join('L')}Z`;

export function drawMap(data: MapData, options: DrawOptions): MapDrawing {
  const { width, height } = options;
  const placed = data.sectors.filter((s) => s.points.length > 0);
  const everything: [number, number][] = [
    ...placed.flatMap((s) => s.points),
    ...data.facilities.map((f): [number, number] => [f.lon, f.lat]),
  ];
  const tiles = options.tiles ?? null;
  const projection = fitProjection(everything, { width, height, tileZoom: tiles !== null });
  const drawn = projection ? placed.map((s) => drawSector(s, projection)) : [];
  drawn.sort((a, b) => b.area - a.area || a.sector.code.localeCompare(b.sector.code));
  const background =
    projection && tiles ? tilesFor(projection, { width, height, urlTemplate: tiles.urlTemplate }) : null;
  return {
    width,
    height,
    sectors: drawn.map((s) => s.sector),
    facilities: projection
      ? data.facilities.map((f) => {
          const [x, y] = projection([f.lon, f.lat])!;
          return { ...f, x: round(x), y: round(y) };
        })
      : [],
    tiles: background?.tiles ?? [],
    zoom: background?.zoom ?? null,
    attribution: background ? tiles!.attribution : null,
    legend: rolloutStages.map((stage) => ({
      stage,
      ...stageStyles[stage],
      count: drawn.filter((s) => s.sector.stage === stage).length,
    })),
    unplacedSectorIds: data.sectors.filter((s) => s.points.length === 0).map((s) => s.id),
  };
}

function drawSector(s: Sector, projection: GeoProjection): { sector: DrawnSector; area: number } {
  const ring = outline(s.points.map((p) => projection(p)!));
  const [x, y] = polygonCentroid(ring);
  return {
    sector: {
      id: s.id,
      code: s.code,
      name: s.name,
      neighbourhood: s.neighbourhood,
      stage: s.stage,
      dwellings: s.dwellings,
      ...stageStyles[s.stage],
      d: pathOf(ring),
      label: { x: round(x), y: round(y) },
    },
    area: Math.abs(polygonArea(ring)),
  };
}
