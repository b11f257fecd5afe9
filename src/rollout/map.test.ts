import { polygonArea, polygonContains } from 'd3-polygon';
import { describe, expect, it } from 'vitest';
import { rolloutStages } from '../territory/index.ts';
import { drawMap, fitProjection, mapMargin, outline, outlineRadius, stageStyles } from './map.ts';
import type { MapData } from './model.ts';

type Point = [number, number];

const sector = (id: number, points: Point[], stage: MapData['sectors'][number]['stage'] = 'identified') => ({
  id,
  code: `S${id}`,
  name: `Secteur ${id}`,
  neighbourhood: 'Kerourien',
  stage,
  dwellings: 100 + id,
  points,
});

const facility = (id: number, lon: number, lat: number, offersWorkshops = true) => ({
  id,
  name: `Lieu ${id}`,
  address: `${id} rue de Brest, 29200 Brest`,
  lat,
  lon,
  hours: id % 2 ? 'Ouvert maintenant, jusqu’à 12 h 00' : null,
  offersWorkshops,
});

const mapData = (sectors: MapData['sectors'], facilities: MapData['facilities'] = []): MapData => ({
  sectors,
  facilities,
  neighbourhoods: [],
  neighbourhoodId: null,
  needsNeighbourhood: false,
  facilityReachM: 1000,
});

/** The ring of an outline's `d` (absolute M…L…Z, as drawMap writes it). */
const ringOf = (d: string): Point[] =>
  d
    .replace(/^M|Z$/g, '')
    .split('L')
    .map((pair) => pair.split(',').map(Number) as Point);

/** Buildings of Kerourien, Brest. */
const kerourien: Point[] = [
  [-4.5181, 48.3969],
  [-4.5165, 48.3975],
  [-4.5172, 48.3984],
  [-4.5159, 48.3962],
];

describe('the projection fits the map inside the picture, margin kept', () => {
  it.each<[string, Point[], number, number]>([
    ['one sector of Brest', kerourien, 800, 560],
    ['a lone building', [[-4.49, 48.39]], 800, 560],
    [
      'two buildings a metre apart',
      [
        [-4.49, 48.39],
        [-4.49001, 48.39],
      ],
      640,
      480,
    ],
    [
      'sectors across France (wide)',
      [
        [-4.49, 48.39],
        [7.75, 48.58],
        [5.37, 43.3],
      ],
      800,
      560,
    ],
    [
      'a long street north to south (tall)',
      [
        [2.35, 48.8],
        [2.351, 48.9],
      ],
      800,
      560,
    ],
    ['a narrow picture', kerourien, 300, 700],
  ])('%s', (_, points, width, height) => {
    for (const tileZoom of [false, true]) {
      const projection = fitProjection(points, { width, height, tileZoom })!;
      for (const point of points) {
        const [x, y] = projection(point)!;
        expect(x).toBeGreaterThanOrEqual(mapMargin - 1e-6);
        expect(x).toBeLessThanOrEqual(width - mapMargin + 1e-6);
        expect(y).toBeGreaterThanOrEqual(mapMargin - 1e-6);
        expect(y).toBeLessThanOrEqual(height - mapMargin + 1e-6);
      }
    }
  });

  it('fills the picture: the wider side of the data touches the margins', () => {
    const projection = fitProjection(
      [
        [-4.6, 48.38],
        [-4.4, 48.4],
      ],
      { width: 800, height: 560 },
    )!;
    expect(projection([-4.6, 48.38])![0]).toBeCloseTo(mapMargin, 6);
    expect(projection([-4.4, 48.4])![0]).toBeCloseTo(800 - mapMargin, 6);
  });

  it('has nothing to fit without a point', () => {
    expect(fitProjection([], { width: 800, height: 560 })).toBeNull();
  });
});

describe('a sector’s outline holds all its buildings', () => {
  const scattered: Point[] = Array.from({ length: 60 }, (_, i) => [
    100 + ((i * 37) % 211),
    80 + ((i * 53) % 173),
  ]);
  it.each<[string, Point[]]>([
    ['one building', [[200, 200]]],
    [
      'two buildings',
      [
        [200, 200],
        [260, 230],
      ],
    ],
    [
      'three in a row',
      [
        [100, 100],
        [150, 100],
        [200, 100],
      ],
    ],
    [
      'the same place twice',
      [
        [120, 80],
        [120, 80],
      ],
    ],
    [
      'a triangle',
      [
        [100, 100],
        [200, 100],
        [150, 180],
      ],
    ],
    ['sixty scattered', scattered],
  ])('%s', (_, points) => {
    const ring = outline(points);
    expect(ring.length).toBeGreaterThanOrEqual(3);
    for (const point of points) expect(polygonContains(ring, point)).toBe(true);
  });

  it('draws one building as a small disc and two as a capsule along them', () => {
    const disc = outline([[200, 200]]);
    expect(Math.abs(polygonArea(disc))).toBeGreaterThan(Math.PI * outlineRadius ** 2 * 0.9);
    expect(Math.abs(polygonArea(disc))).toBeLessThanOrEqual(Math.PI * outlineRadius ** 2);
    const capsule = outline([
      [200, 200],
      [260, 200],
    ]);
    const xs = capsule.map(([x]) => x);
    const ys = capsule.map(([, y]) => y);
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(60 + 2 * outlineRadius, 6);
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(2 * outlineRadius, 1);
  });

  it.each([1, 2, 5])('drawMap outlines a sector of %i building(s) around each of them', (count) => {
    const points = kerourien.concat(kerourien).slice(0, count);
    const drawing = drawMap(mapData([sector(1, points)]), { width: 800, height: 560 });
    const projection = fitProjection(points, { width: 800, height: 560 })!;
    const ring = ringOf(drawing.sectors[0]!.d);
    expect(ring.length).toBeGreaterThanOrEqual(3);
    for (const p of points) expect(polygonContains(ring, projection(p)!)).toBe(true);
    expect(polygonContains(ring, [drawing.sectors[0]!.label.x, drawing.sectors[0]!.label.y])).toBe(true);
  });
});

describe('background tiles', () => {
  // Brest, 48.39 N 4.49 W, at zoom 13, by the slippy-map formulas (n = 2^13 = 8192):
  //   x = ⌊(−4.49 + 180) / 360 · n⌋ = ⌊0.48753 · 8192⌋ = ⌊3993.83⌋ = 3993
  //   y = ⌊(1 − ln(tan φ + sec φ) / π) / 2 · n⌋, φ = 48.39° → tan φ = 1.12736, sec φ = 1.50530,
  //       ln 2.63266 = 0.96801, (1 − 0.30813) / 2 · 8192 = ⌊2834.34⌋ = 2834
  //   and the point lies 0.83 · 256 = 211.9 px from the tile's left edge, 0.34 · 256 = 88.0 px from its top.
  const brest: Point = [-4.49, 48.39];
  const template = 'https://tiles.example.org/{z}/{x}/{y}.png';
  // 0.1° of longitude across 800 − 2 × margin pixels: 2^13.35 tiles wide, rounded down to zoom 13.
  const data = mapData(
    [
      sector(1, [
        [-4.54, 48.385],
        [-4.44, 48.395],
      ]),
    ],
    [facility(1, ...brest)],
  );

  it('puts tile 13/3993/2834 under Brest, the point where the formulas say', () => {
    const drawing = drawMap(data, {
      width: 800,
      height: 400,
      tiles: { urlTemplate: template, attribution: '© contributeurs OpenStreetMap' },
    });
    expect(drawing.zoom).toBe(13);
    expect(drawing.attribution).toBe('© contributeurs OpenStreetMap');
    const [marker] = drawing.facilities;
    const under = drawing.tiles.filter(
      (t) => marker!.x >= t.x && marker!.x < t.x + t.size && marker!.y >= t.y && marker!.y < t.y + t.size,
    );
    expect(under.map((t) => t.href)).toEqual(['https://tiles.example.org/13/3993/2834.png']);
    expect(under[0]!.size).toBe(256);
    expect(marker!.x - under[0]!.x).toBeCloseTo(211.9, 0);
    expect(marker!.y - under[0]!.y).toBeCloseTo(88.0, 0);
  });

  it('covers the whole picture with whole tiles, each drawn once', () => {
    const drawing = drawMap(data, {
      width: 800,
      height: 400,
      tiles: { urlTemplate: template, attribution: 'x' },
    });
    const covered = (x: number, y: number) =>
      drawing.tiles.some((t) => x >= t.x && x < t.x + t.size && y >= t.y && y < t.y + t.size);
    for (const [x, y] of [
      [0, 0],
      [799, 0],
      [0, 399],
      [799, 399],
      [400, 200],
    ] as const)
      expect(covered(x, y)).toBe(true);
    expect(new Set(drawing.tiles.map((t) => t.href)).size).toBe(drawing.tiles.length);
    for (const t of drawing.tiles)
      expect(t.href).toMatch(/^https:\/\/tiles\.example\.org\/13\/\d+\/\d+\.png$/);
  });

  it.each([undefined, null])('asks for no tile and credits no one when none is configured (%s)', (tiles) => {
    const drawing = drawMap(data, { width: 800, height: 400, tiles });
    expect(drawing.tiles).toEqual([]);
    expect(drawing.zoom).toBeNull();
    expect(drawing.attribution).toBeNull();
  });
});

describe('stages on the map', () => {
  it('gives every stage its own colour and its own pattern', () => {
    const styles = rolloutStages.map((s) => stageStyles[s]);
    expect(new Set(styles.map((s) => s.colour.toLowerCase())).size).toBe(rolloutStages.length);
    expect(new Set(styles.map((s) => s.pattern)).size).toBe(rolloutStages.length);
  });

  it('colours each sector by its stage and counts them in the legend', () => {
    const drawing = drawMap(
      mapData([
        sector(1, kerourien, 'service_open'),
        sector(2, [[-4.5, 48.4]], 'identified'),
        sector(3, [[-4.51, 48.402]], 'service_open'),
      ]),
      { width: 800, height: 560 },
    );
    for (const s of drawing.sectors) expect(s.colour).toBe(stageStyles[s.stage].colour);
    expect(drawing.legend.map((l) => l.stage)).toEqual([...rolloutStages]);
    expect(drawing.legend.find((l) => l.stage === 'service_open')!.count).toBe(2);
    expect(drawing.legend.find((l) => l.stage === 'identified')!.count).toBe(1);
    expect(drawing.legend.reduce((n, l) => n + l.count, 0)).toBe(3);
  });
});

describe('what the drawing carries', () => {
  const data = mapData(
    [sector(1, kerourien, 'adopted'), sector(2, [[-4.5, 48.4]], 'works'), sector(3, [], 'identified')],
    [facility(7, -4.5173, 48.3977), facility(8, -4.5036, 48.4062, false)],
  );
  const drawing = drawMap(data, { width: 800, height: 560 });

  it('nothing about sectors and facilities beyond the map data (and no building coordinates)', () => {
    const sectorKeys = ['id', 'code', 'name', 'neighbourhood', 'stage', 'dwellings'] as const;
    for (const s of drawing.sectors) {
      const source = data.sectors.find((x) => x.id === s.id)!;
      expect(Object.keys(s).sort()).toEqual([...sectorKeys, 'colour', 'pattern', 'ink', 'd', 'label'].sort());
      for (const key of sectorKeys) expect(s[key]).toEqual(source[key]);
    }
    for (const f of drawing.facilities) {
      const source = data.facilities.find((x) => x.id === f.id)!;
      expect(f).toEqual({ ...source, x: f.x, y: f.y });
    }
    expect(JSON.stringify(drawing)).not.toContain('points');
    expect(JSON.stringify(drawing)).not.toContain('48.3969');
  });

  it('draws placed sectors, largest first, and lists the unplaced ones apart', () => {
    expect(drawing.sectors.map((s) => s.id)).toEqual([1, 2]);
    expect(drawing.unplacedSectorIds).toEqual([3]);
    expect(drawing.facilities.map((f) => f.id)).toEqual([7, 8]);
  });

  it('draws nothing when nothing is placed', () => {
    const empty = drawMap(mapData([sector(3, [])]), { width: 800, height: 560, tiles: null });
    expect(empty.sectors).toEqual([]);
    expect(empty.facilities).toEqual([]);
    expect(empty.tiles).toEqual([]);
    expect(empty.unplacedSectorIds).toEqual([3]);
  });
});
