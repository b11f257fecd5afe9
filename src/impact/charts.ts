// The impact figures' charts as plain SVG markup, drawn on the server (ADR 036): the same string is inlined in the
// dashboard and drawn into the PDF report (svg-to-pdfkit), so it keeps to rect, line, path, text and pattern, with
// Helvetica. Every chart names itself (role="img", <title>, <desc>), tells series apart by colour AND by pattern,
// dash or marker, writes numbers in French, and draws a hidden cell as a hatched stub marked « < 11 » or « s » — its
// value is never read, even when a raw table still holds it.
import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import {
  cellText,
  type Measure,
  measureText,
  type Secret,
  type StatColumn,
  type StatRow,
  type StatTable,
  secretLabel,
} from '../platform/secrecy/index.ts';
import { funnelShares } from './tables.ts';

export interface ChartOptions {
  /** The secrecy threshold, for the « < 11 » marks. */
  threshold: number;
  /** Width of the drawing in SVG units (the SVG itself takes the width of its container). Default 640. */
  width?: number;
  /** Height in SVG units; bar charts and the funnel size themselves to their rows when it is not given. */
  height?: number;
  /** Prefix of the ids inside the SVG (title, description, patterns): unique on a page that shows several charts. */
  id?: string;
  /** The chart's title; the table's title by default. */
  title?: string;
  /** A one-sentence summary in French; one is written from the published numbers by default. */
  description?: string;
}

/** Okabe–Ito colours, told apart by people with any common colour-vision deficiency (and dark enough on white). */
export const chartColours = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#000000'] as const;
const ink = '#1b1b1f';
const muted = '#55565e';
const gridInk = '#d0d1d8';
const hatchInk = '#55565e';
const fontFamily = 'Helvetica';

// ---- Markup ----------------------------------------------------------------------------------------------------

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Intl's narrow no-break space is not in the PDF standard fonts: a no-break space reads the same. */
const printable = (text: string) => text.replace(/[\u202f\u2007]/g, '\u00a0');
const n = (value: number) => String(Math.round(value * 10) / 10);

type Attrs = Record<string, string | number | undefined>;
const attrs = (a: Attrs) =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? n(v) : escapeXml(v!)}"`)
    .join('');

function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return `<text${attrs({ x, y, 'font-family': fontFamily, 'font-size': 12, fill: ink, ...a })}>${escapeXml(printable(content))}</text>`;
}
const rect = (a: Attrs) => `<rect${attrs(a)}/>`;
const path = (a: Attrs) => `<path${attrs(a)}/>`;
const lineEl = (a: Attrs) => `<line${attrs(a)}/>`;

/** Rough width of a text in Helvetica (average glyph ≈ 0.55 em), to lay labels out without a browser. */
const textWidth = (content: string, size = 12) => content.length * size * 0.55;
const shorten = (content: string, max: number) =>
  content.length > max ? `${content.slice(0, max - 1).trimEnd()}…` : content;

function svg(
  id: string,
  width: number,
  height: number,
  title: string,
  description: string,
  defs: string[],
  body: string[],
): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({
      viewBox: `0 0 ${n(width)} ${n(height)}`,
      width: '100%',
      // Top-left in a box taller than the chart (svg-to-pdfkit's default box is the page).
      preserveAspectRatio: 'xMinYMin meet',
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      'font-family': fontFamily,
    })}>`,
    `<title id="${escapeXml(id)}-title">${escapeXml(printable(title))}</title>`,
    `<desc id="${escapeXml(id)}-desc">${escapeXml(printable(description))}</desc>`,
    defs.length ? `<defs>${defs.join('')}</defs>` : '',
    rect({ x: 0, y: 0, width, height, fill: '#ffffff' }),
    ...body,
    '</svg>',
  ].join('');
}

const hatchId = (id: string) => `${id}-hidden`;
/** Grey diagonal hatching on white: a hidden number, whatever the colours. */
const hatchPattern = (id: string) =>
  `<pattern id="${hatchId(id)}" patternUnits="userSpaceOnUse" width="6" height="6">${rect({ width: 6, height: 6, fill: '#ffffff' })}${path({ d: 'M0,6L6,0M-1,1L1,-1M5,7L7,5', stroke: hatchInk, 'stroke-width': 1.4 })}</pattern>`;

/** Fills of the series of a bar chart: the first plain, the others a pattern in their colour (readable in grey). */
function seriesPattern(id: string, index: number): string {
  const colour = chartColours[index % chartColours.length]!;
  const pid = `${id}-series-${index}`;
  const marks = [
    '',
    path({ d: 'M0,8L8,0M-2,2L2,-2M6,10L10,6', stroke: colour, 'stroke-width': 2.2 }),
    `<circle cx="4" cy="4" r="2" fill="${colour}"/>`,
    path({ d: 'M0,4H8M4,0V8', stroke: colour, 'stroke-width': 1.6 }),
    path({ d: 'M0,8L8,0M0,0L8,8', stroke: colour, 'stroke-width': 1.4 }),
  ][index % 5]!;
  return `<pattern id="${pid}" patternUnits="userSpaceOnUse" width="8" height="8">${rect({ width: 8, height: 8, fill: '#ffffff' })}${marks}</pattern>`;
}
const seriesFill = (id: string, index: number) =>
  index === 0 ? chartColours[0] : `url(#${id}-series-${index})`;

// ---- Cells -----------------------------------------------------------------------------------------------------

/** A cell as a chart may use it: its number only when it is published, else why it is hidden. */
function cellOf(row: StatRow, column: StatColumn): { value: number | null; secret: Secret | undefined } {
  const secret = row.secret?.[column.key];
  if (secret) return { value: null, secret };
  const value = row.values[column.key];
  return { value: value === null || value === undefined ? null : value, secret: undefined };
}

/** Axis ticks in French, in the unit people read (euros for cents, « 10 % »). */
const tickText = (measure: Measure, value: number) =>
  measure === 'cents' ? measureText('cents', value, { wholeEuros: true }) : measureText(measure, value);

function columnOf(table: StatTable, key: string): StatColumn {
  const column = table.columns.find((c) => c.key === key);
  if (!column) throw new RangeError(`chart: no column ${key} in table ${table.id}`);
  return column;
}

const lowerFirst = (s: string) => (s ? s[0]!.toLowerCase() + s.slice(1) : s);

function legendRow(
  entries: { width: number; draw: (x: number, y: number) => string }[],
  width: number,
  top: number,
): { markup: string[]; height: number } {
  const markup: string[] = [];
  let x = 8;
  let y = top + 12;
  for (const entry of entries) {
    if (x > 8 && x + entry.width > width - 8) {
      x = 8;
      y += 20;
    }
    markup.push(entry.draw(x, y));
    x += entry.width + 18;
  }
  return { markup, height: entries.length ? y - top + 10 : 0 };
}

// ---- Bar chart -------------------------------------------------------------------------------------------------

export interface BarChartOptions extends ChartOptions {
  /** The columns drawn for each row, side by side (same measure: counts, or percents). */
  columns: string[];
  /** Shorter names for the legend than the columns' headers. */
  labels?: Record<string, string>;
  /** A reference value drawn as a dashed line across the bars (the 12 % take-up). */
  reference?: { value: number; label: string };
  /** Draw the total row after the rows (default: yes, when the table has one). */
  withTotal?: boolean;
}

/** Horizontal bars, one group per row of the table (and its total), each row's label above its bars. */
export function barChart(table: StatTable, options: BarChartOptions): string {
  const id = options.id ?? `chart-${table.id}`;
  const width = options.width ?? 640;
  const columns = options.columns.map((k) => columnOf(table, k));
  const measure = columns[0]?.measure ?? 'people';
  const rows = [...table.rows, ...(table.total && options.withTotal !== false ? [table.total] : [])];
  const labelOfColumn = (c: StatColumn) => options.labels?.[c.key] ?? c.label;
  const hidden = rows.some((r) => columns.some((c) => cellOf(r, c).secret));

  const legendEntries: { width: number; draw: (x: number, y: number) => string }[] = [];
  if (columns.length > 1)
    columns.forEach((c, i) => {
      const label = labelOfColumn(c);
      legendEntries.push({
        width: 22 + textWidth(label),
        draw: (x, y) =>
          rect({
            x,
            y: y - 10,
            width: 16,
            height: 12,
            fill: seriesFill(id, i),
            stroke: chartColours[i % 5],
          }) + text(x + 22, y, label),
      });
    });
  if (options.reference) {
    const label = `${options.reference.label} : ${tickText(measure, options.reference.value)}`;
    legendEntries.push({
      width: 24 + textWidth(label),
      draw: (x, y) =>
        lineEl({
          x1: x + 8,
          x2: x + 8,
          y1: y - 12,
          y2: y + 3,
          stroke: ink,
          'stroke-width': 2,
          'stroke-dasharray': '5 3',
        }) + text(x + 22, y, label),
    });
  }
  if (hidden)
    legendEntries.push({
      width: 22 + textWidth('Nombre caché (secret statistique)'),
      draw: (x, y) =>
        rect({ x, y: y - 10, width: 16, height: 12, fill: `url(#${hatchId(id)})`, stroke: hatchInk }) +
        text(x + 22, y, 'Nombre caché (secret statistique)'),
    });
  const legend = legendRow(legendEntries, width, 4);

  const top = legend.height + 10;
  const axisHeight = 26;
  const labelHeight = 20;
  const gap = 3;
  const groupGap = 10;
  const defaultBar = 16;
  const groupHeight = options.height
    ? Math.max(
        labelHeight + columns.length * 5,
        (options.height - top - axisHeight) / Math.max(1, rows.length),
      )
    : labelHeight + columns.length * (defaultBar + gap) + groupGap;
  const barHeight = Math.max(
    4,
    (groupHeight - labelHeight - groupGap - columns.length * gap) / Math.max(1, columns.length),
  );
  const height = options.height ?? top + rows.length * groupHeight + axisHeight;

  const visible = rows.flatMap((r) =>
    columns.map((c) => cellOf(r, c).value).filter((v): v is number => v !== null),
  );
  const max = Math.max(0, ...visible, options.reference?.value ?? 0);
  const left = 8;
  const valueRoom = 84;
  const x = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .nice()
    .range([left, width - valueRoom]);
  const bottom = top + rows.length * groupHeight;

  const body: string[] = [...legend.markup];
  const numbers: string[] = [];
  const ticks = x.ticks(5);
  for (const tick of ticks)
    body.push(
      text(x(tick), bottom + 16, tickText(measure, tick), {
        'text-anchor': tick === 0 ? 'start' : 'middle',
        'font-size': 11,
        fill: muted,
      }),
    );
  rows.forEach((row, r) => {
    const y0 = top + r * groupHeight;
    const isTotal = row === table.total;
    // Grid lines and the axis run beside the bars only, never through a row's label.
    const bandTop = y0 + labelHeight - 2;
    const bandBottom = y0 + labelHeight + columns.length * (barHeight + gap);
    for (const tick of ticks)
      body.push(
        lineEl({
          x1: x(tick),
          x2: x(tick),
          y1: bandTop,
          y2: bandBottom,
          stroke: tick === 0 ? ink : gridInk,
          'stroke-width': 1,
        }),
      );
    body.push(
      text(left, y0 + 15, shorten(row.label, Math.floor((width - 16) / 7.2)), {
        'font-size': 13,
        ...(isTotal ? { 'font-weight': 'bold' } : {}),
      }),
    );
    columns.forEach((column, i) => {
      const y = y0 + labelHeight + i * (barHeight + gap);
      const cell = cellOf(row, column);
      const label = cellText(row, column, options.threshold, { wholeEuros: true });
      const cellAttrs = { 'data-row': row.key, 'data-column': column.key, 'font-size': 12 };
      if (cell.secret) {
        body.push(
          rect({ x: left, y, width: 22, height: barHeight, fill: `url(#${hatchId(id)})`, stroke: hatchInk }),
        );
        numbers.push(text(left + 28, y + barHeight / 2 + 4, label, cellAttrs));
        return;
      }
      const end = cell.value === null ? left : x(Math.max(0, cell.value));
      if (end > left)
        body.push(
          rect({
            x: left,
            y,
            width: end - left,
            height: barHeight,
            fill: seriesFill(id, i),
            stroke: chartColours[i % 5],
            'stroke-width': 1,
          }),
        );
      // A white ground under the number keeps it readable where it crosses the reference line.
      numbers.push(
        rect({
          x: end + 3,
          y: y + barHeight / 2 - 7,
          width: textWidth(label, 12) + 4,
          height: 14,
          fill: '#ffffff',
        }),
        text(end + 5, y + barHeight / 2 + 4, label, cellAttrs),
      );
    });
  });
  // The reference line crosses the bars, and the numbers sit on top of it.
  if (options.reference) {
    const rx = x(options.reference.value);
    body.push(
      lineEl({
        x1: rx,
        x2: rx,
        y1: top - 4,
        y2: bottom,
        stroke: ink,
        'stroke-width': 2,
        'stroke-dasharray': '5 3',
      }),
    );
  }
  body.push(...numbers);

  const title = options.title ?? table.title;
  const description =
    options.description ??
    describeBars(
      table,
      rows,
      columns,
      options.threshold,
      options.reference ? tickText(measure, options.reference.value) : null,
    );
  const defs = [hatchPattern(id), ...columns.slice(1).map((_, i) => seriesPattern(id, i + 1))];
  return svg(id, width, height, title, description, defs, body);
}

function describeBars(
  table: StatTable,
  rows: StatRow[],
  columns: StatColumn[],
  threshold: number,
  reference: string | null,
): string {
  const first = columns[0];
  if (!first || rows.length === 0) return `${table.title} : aucune donnée.`;
  const shown = table.rows
    .map((r) => ({ row: r, value: cellOf(r, first).value }))
    .filter((c): c is { row: StatRow; value: number } => c.value !== null)
    .sort((a, b) => b.value - a.value);
  const hiddenCount = rows.reduce((k, r) => k + columns.filter((c) => cellOf(r, c).secret).length, 0);
  const parts = [
    `Barres par ${lowerFirst(table.rowHeader)} : ${columns.map((c) => lowerFirst(c.label)).join(', puis ')}`,
  ];
  if (shown.length > 1)
    parts.push(
      `le plus haut ${shown[0]!.row.label} (${cellText(shown[0]!.row, first, threshold, { wholeEuros: true })}), le plus bas ${shown.at(-1)!.row.label} (${cellText(shown.at(-1)!.row, first, threshold, { wholeEuros: true })})`,
    );
  if (table.total && rows.includes(table.total))
    parts.push(
      `${lowerFirst(table.total.label)} ${cellText(table.total, first, threshold, { wholeEuros: true })}`,
    );
  if (reference) parts.push(`référence ${reference}`);
  if (hiddenCount)
    parts.push(
      `${hiddenCount} nombre${hiddenCount > 1 ? 's' : ''} caché${hiddenCount > 1 ? 's' : ''} par le secret statistique`,
    );
  return `${parts.join(' ; ')}.`;
}

// ---- Funnel ----------------------------------------------------------------------------------------------------

/** The household funnel: one bar per step, its number, its share of the households and the households lost. */
export function funnelChart(funnel: StatTable, options: ChartOptions): string {
  const id = options.id ?? `chart-${funnel.id}`;
  const width = options.width ?? 640;
  const steps = funnelShares(funnel);
  const column = funnel.columns[0]!;
  const hidden = steps.some((s) => s.secret);
  const legend = hidden
    ? legendRow(
        [
          {
            width: 22 + textWidth('Nombre caché (secret statistique)'),
            draw: (x, y) =>
              rect({ x, y: y - 10, width: 16, height: 12, fill: `url(#${hatchId(id)})`, stroke: hatchInk }) +
              text(x + 22, y, 'Nombre caché (secret statistique)'),
          },
        ],
        width,
        4,
      )
    : { markup: [], height: 0 };
  const top = legend.height + 8;
  const rowHeight = options.height ? (options.height - top - 8) / Math.max(1, steps.length) : 42;
  const barHeight = Math.max(6, rowHeight - 26);
  const height = options.height ?? top + steps.length * rowHeight + 8;
  const visible = steps.map((s) => (s.secret ? null : s.households)).filter((v): v is number => v !== null);
  const left = 8;
  const x = scaleLinear()
    .domain([0, Math.max(1, ...visible)])
    .range([left, width - 8]);
  const body: string[] = [...legend.markup];
  steps.forEach((step, i) => {
    const row = funnel.rows[i]!;
    const y0 = top + i * rowHeight;
    const value = cellText(row, column, options.threshold);
    const details = [
      i > 0 && step.share !== null && !step.secret
        ? `${measureText('percent', step.share)} des foyers`
        : null,
      step.dropped !== null && step.dropped > 0 && !step.secret
        ? `${measureText('people', step.dropped)} de moins`
        : null,
    ].filter(Boolean);
    body.push(
      text(left, y0 + 14, `${step.label} : ${value}${details.length ? ` (${details.join(', ')})` : ''}`, {
        'data-row': step.key,
        'data-column': column.key,
        'font-size': 12,
      }),
    );
    const y = y0 + 20;
    if (step.secret) {
      body.push(
        rect({ x: left, y, width: 22, height: barHeight, fill: `url(#${hatchId(id)})`, stroke: hatchInk }),
      );
      return;
    }
    const end = step.households === null ? left : x(step.households);
    if (end > left)
      body.push(
        rect({
          x: left,
          y,
          width: end - left,
          height: barHeight,
          fill: chartColours[0],
          stroke: chartColours[0],
        }),
      );
  });
  const title = options.title ?? funnel.title;
  const description = options.description ?? describeFunnel(steps, funnel, options.threshold);
  return svg(id, width, height, title, description, [hatchPattern(id)], body);
}

function describeFunnel(
  steps: ReturnType<typeof funnelShares>,
  funnel: StatTable,
  threshold: number,
): string {
  if (steps.length === 0) return 'Parcours des foyers : aucune donnée.';
  const column = funnel.columns[0]!;
  const first = funnel.rows[0]!;
  const last = funnel.rows.at(-1)!;
  const signedUp = steps.find((s) => s.key === 'signedUp');
  return [
    `Parcours des foyers en ${steps.length} étapes, de ${lowerFirst(first.label)} (${cellText(first, column, threshold)})`,
    ` à ${lowerFirst(last.label)} (${cellText(last, column, threshold)})`,
    signedUp && signedUp.share !== null && !signedUp.secret
      ? ` ; ${measureText('percent', signedUp.share)} des foyers sont inscrits`
      : '',
    '.',
  ].join('');
}

// ---- Line chart ------------------------------------------------------------------------------------------------

export interface LineChartOptions extends ChartOptions {
  /** The columns drawn as lines; by default every column that counts people. */
  columns?: string[];
}

const shortMonths = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];
const dashes = [undefined, '7 4', '2 3', '10 3 2 3', '4 2'];

function marker(shape: number, x: number, y: number, colour: string): string {
  const s = 4;
  switch (shape % 5) {
    case 0:
      return `<circle${attrs({ cx: x, cy: y, r: s, fill: colour, stroke: '#ffffff', 'stroke-width': 1 })}/>`;
    case 1:
      return rect({
        x: x - s,
        y: y - s,
        width: 2 * s,
        height: 2 * s,
        fill: colour,
        stroke: '#ffffff',
        'stroke-width': 1,
      });
    case 2:
      return path({
        d: `M${n(x)},${n(y - s - 1)}L${n(x + s + 1)},${n(y + s)}L${n(x - s - 1)},${n(y + s)}Z`,
        fill: colour,
        stroke: '#ffffff',
        'stroke-width': 1,
      });
    case 3:
      return path({
        d: `M${n(x)},${n(y - s - 1)}L${n(x + s + 1)},${n(y)}L${n(x)},${n(y + s + 1)}L${n(x - s - 1)},${n(y)}Z`,
        fill: colour,
        stroke: '#ffffff',
        'stroke-width': 1,
      });
    default:
      return path({
        d: `M${n(x - s)},${n(y - s)}L${n(x + s)},${n(y + s)}M${n(x + s)},${n(y - s)}L${n(x - s)},${n(y + s)}`,
        stroke: colour,
        'stroke-width': 2.5,
      });
  }
}

/** A time series: one line per column, months along the bottom (rows keyed « 2026-03 »), a marker per month. */
export function lineChart(series: StatTable, options: LineChartOptions): string {
  const id = options.id ?? `chart-${series.id}`;
  const width = options.width ?? 640;
  const columns = (
    options.columns ?? series.columns.filter((c) => c.measure === 'people').map((c) => c.key)
  ).map((k) => columnOf(series, k));
  const measure = columns[0]?.measure ?? 'people';
  const rows = series.rows;
  const hidden = rows.some((r) => columns.some((c) => cellOf(r, c).secret));

  const entries = columns.map((c, i) => ({
    width: 36 + textWidth(c.label),
    draw: (x: number, y: number) =>
      lineEl({
        x1: x,
        x2: x + 28,
        y1: y - 4,
        y2: y - 4,
        stroke: chartColours[i % 5],
        'stroke-width': 2,
        'stroke-dasharray': dashes[i % 5],
      }) +
      marker(i, x + 14, y - 4, chartColours[i % 5]!) +
      text(x + 34, y, c.label),
  }));
  if (hidden)
    entries.push({
      width: 22 + textWidth('Nombre caché (secret statistique)'),
      draw: (x, y) =>
        rect({ x, y: y - 10, width: 16, height: 12, fill: `url(#${hatchId(id)})`, stroke: hatchInk }) +
        text(x + 22, y, 'Nombre caché (secret statistique)'),
    });
  const legend = legendRow(entries, width, 4);
  const height = options.height ?? Math.max(260, legend.height + 240);
  const top = legend.height + 16;
  const bottom = height - 40;
  const visible = rows.flatMap((r) =>
    columns.map((c) => cellOf(r, c).value).filter((v): v is number => v !== null),
  );
  const yMax = Math.max(1, ...visible);
  const y = scaleLinear().domain([0, yMax]).nice().range([bottom, top]);
  const yTicks = y.ticks(5);
  const left = 12 + Math.max(...yTicks.map((t) => textWidth(tickText(measure, t), 11)));
  const right = width - 12;
  const x = scalePoint<string>()
    .domain(rows.map((r) => r.key))
    .range([left, right])
    .padding(0.5);
  const step = rows.length > 0 ? (right - left) / rows.length : right - left;

  const body: string[] = [...legend.markup];
  for (const tick of yTicks) {
    body.push(lineEl({ x1: left, x2: right, y1: y(tick), y2: y(tick), stroke: gridInk, 'stroke-width': 1 }));
    body.push(
      text(left - 6, y(tick) + 4, tickText(measure, tick), {
        'text-anchor': 'end',
        'font-size': 11,
        fill: muted,
      }),
    );
  }
  body.push(lineEl({ x1: left, x2: right, y1: bottom, y2: bottom, stroke: ink, 'stroke-width': 1 }));
  const every = Math.max(1, Math.ceil(40 / Math.max(1, step)));
  rows.forEach((row, i) => {
    const month = Number(row.key.slice(5, 7));
    const px = x(row.key) ?? left;
    if (i % every === 0 && month >= 1 && month <= 12) {
      body.push(
        text(px, bottom + 15, shortMonths[month - 1]!, {
          'text-anchor': 'middle',
          'font-size': 11,
          fill: muted,
        }),
      );
      if (i === 0 || month <= every)
        body.push(
          text(px, bottom + 29, row.key.slice(0, 4), {
            'text-anchor': 'middle',
            'font-size': 11,
            fill: muted,
          }),
        );
    }
  });

  columns.forEach((column, i) => {
    const colour = chartColours[i % 5]!;
    const points = rows.map((r) => ({ key: r.key, value: cellOf(r, column).value }));
    const d = line<{ key: string; value: number | null }>()
      .defined((p) => p.value !== null)
      .x((p) => x(p.key) ?? left)
      .y((p) => y(p.value ?? 0))(points);
    if (d)
      body.push(
        path({
          d: d.replace(/(\d+\.\d{2,})/g, (m) => n(Number(m))),
          fill: 'none',
          stroke: colour,
          'stroke-width': 2,
          'stroke-dasharray': dashes[i % 5],
        }),
      );
    for (const p of points) if (p.value !== null) body.push(marker(i, x(p.key) ?? left, y(p.value), colour));
  });

  // A hidden month: the line breaks, and a hatched stub per hidden series stands on the axis with its mark above.
  const stubWidth = Math.min(8, Math.max(3, (step - 4) / Math.max(1, columns.length)));
  rows.forEach((row) => {
    const secrets = columns
      .map((c, i) => ({ i, secret: cellOf(row, c).secret }))
      .filter((s): s is { i: number; secret: Secret } => s.secret !== undefined);
    if (!secrets.length) return;
    const px = x(row.key) ?? left;
    const start = px - (columns.length * stubWidth) / 2;
    let highest = bottom;
    for (const s of secrets) {
      const stubTop = s.secret === 'small' ? Math.min(bottom - 6, y(options.threshold)) : bottom - 6;
      highest = Math.min(highest, stubTop);
      body.push(
        rect({
          x: start + s.i * stubWidth,
          y: stubTop,
          width: stubWidth,
          height: bottom - stubTop,
          fill: `url(#${hatchId(id)})`,
          stroke: chartColours[s.i % 5],
          'stroke-width': 1,
        }),
      );
    }
    if (step >= 26) {
      const marks = [...new Set(secrets.map((s) => secretLabel(s.secret, options.threshold)))].join(' / ');
      body.push(
        text(px, highest - 4, marks, {
          'text-anchor': 'middle',
          'font-size': 9,
          fill: muted,
          'data-row': row.key,
        }),
      );
    }
  });

  const title = options.title ?? series.title;
  const description = options.description ?? describeSeries(series, columns, options.threshold);
  return svg(id, width, height, title, description, [hatchPattern(id)], body);
}

function describeSeries(series: StatTable, columns: StatColumn[], threshold: number): string {
  const first = series.rows[0];
  const last = series.rows.at(-1);
  if (!first || !last) return `${series.title} : aucune donnée sur la période.`;
  const span = first === last ? `en ${first.label}` : `de ${first.label} à ${last.label}`;
  const totals = series.total
    ? ` ; sur la période : ${columns.map((c) => `${lowerFirst(c.label)} ${cellText(series.total!, c, threshold)}`).join(', ')}`
    : '';
  return `Courbes par mois ${span} (${columns.map((c) => lowerFirst(c.label)).join(', ')})${totals}.`;
}

// ---- Profiles --------------------------------------------------------------------------------------------------

/**
 * The headline of each profile table's total row side by side — the share of participants with the trait against
 * the share of all households of the same sectors — as one table a bar chart can draw. Cells are copied with their
 * secrecy marks: a hidden share stays hidden.
 */
export function profileComparison(profiles: StatTable[], labels: Record<string, string> = {}): StatTable {
  const columns: StatColumn[] = [
    { key: 'participants', label: 'Participants (%)', measure: 'percent', additive: false },
    { key: 'all', label: 'Tous les foyers des mêmes secteurs (%)', measure: 'percent', additive: false },
  ];
  const rows: StatRow[] = profiles
    .filter((p) => p.total)
    .map((p) => {
      const total = p.total!;
      const secret: Record<string, Secret> = {};
      if (total.secret?.p_share) secret.participants = total.secret.p_share;
      if (total.secret?.a_share) secret.all = total.secret.a_share;
      return {
        key: p.id,
        label: labels[p.id] ?? p.title.replace(/^Profil : /, ''),
        values: {
          participants: secret.participants ? null : (total.values.p_share ?? null),
          all: secret.all ? null : (total.values.a_share ?? null),
        },
        ...(Object.keys(secret).length ? { secret } : {}),
      };
    });
  return {
    id: 'profiles',
    title: 'Profils : participants et ensemble des foyers',
    rowHeader: 'Profil',
    columns,
    rows,
    note: 'Part des foyers concernés, parmi les participants (inscrits) et parmi tous les foyers des mêmes secteurs.',
  };
}
