// Any statistical table (StatTable) as an accessible HTML table: its title as caption, column and row headers,
// numbers right-aligned in French (cellText: a hidden cell reads « < 11 » or « s »), the total row in the footer,
// the note and the secrecy legend when a cell is hidden, and links to download it.
import type { StatTable } from '../../src/platform/secrecy/index.ts';
import { cellText, secrecyLegend } from '../../src/platform/secrecy/index.ts';

const isHidden = (table: StatTable) =>
  [...table.rows, ...(table.total ? [table.total] : [])].some(
    (r) => r.secret && Object.keys(r.secret).length > 0,
  );

export function StatTableView({
  table,
  threshold,
  downloads,
  wholeEuros = false,
}: {
  table: StatTable;
  threshold: number;
  /** Where to download this table as CSV and the whole publication as XLSX. */
  downloads?: { csv: string; xlsx: string };
  /** Money without cents (large sums). */
  wholeEuros?: boolean;
}) {
  const captionId = `tableau-${table.id}`;
  const hidden = isHidden(table);
  const cell = (row: StatTable['rows'][number], column: StatTable['columns'][number]) => {
    const secret = row.secret?.[column.key];
    const text = cellText(row, column, threshold, { wholeEuros });
    return (
      <td
        className="num"
        key={column.key}
        data-column={column.key}
        data-secret={secret}
        style={{ whiteSpace: 'nowrap' }}
      >
        {secret ? (
          <abbr
            title={secret === 'small' ? `moins de ${threshold} personnes` : 'masqué (secret statistique)'}
          >
            {text}
          </abbr>
        ) : (
          text
        )}
      </td>
    );
  };
  return (
    <div className="stat-table" data-table={table.id}>
      {/* A wide table scrolls sideways on a phone: a named region, focusable so that the keyboard can scroll it. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to be scrolled without a mouse. */}
      <section aria-labelledby={captionId} tabIndex={0} style={{ overflowX: 'auto' }}>
        <table>
          <caption id={captionId} style={{ textAlign: 'left', fontWeight: 600 }}>
            {table.title}
          </caption>
          <thead>
            <tr>
              <th scope="col">{table.rowHeader}</th>
              {table.columns.map((c) => (
                <th scope="col" className="num" key={c.key}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.columns.length + 1}>Aucune donnée pour cette période et cette zone.</td>
              </tr>
            ) : (
              table.rows.map((row) => (
                <tr key={row.key} data-row={row.key}>
                  <th scope="row">{row.label}</th>
                  {table.columns.map((c) => cell(row, c))}
                </tr>
              ))
            )}
          </tbody>
          {table.total ? (
            <tfoot>
              <tr data-row="total" style={{ background: 'var(--tint)' }}>
                <th scope="row">
                  <strong>{table.total.label}</strong>
                </th>
                {table.columns.map((c) => cell(table.total!, c))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </section>
      {table.note ? <p className="hint">{table.note}</p> : null}
      {hidden ? <p className="hint">{secrecyLegend(threshold)}</p> : null}
      {downloads ? (
        <p className="hint">
          Télécharger :{' '}
          <a href={downloads.csv} download>
            CSV<span className="visually-hidden"> du tableau « {table.title} »</span>
          </a>{' '}
          ·{' '}
          <a href={downloads.xlsx} download>
            XLSX<span className="visually-hidden"> de tous les tableaux</span>
          </a>
        </p>
      ) : null}
    </div>
  );
}
