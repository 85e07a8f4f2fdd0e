import './charts.css';
export interface BarDatum {
  label: string;
  value: number;
  /** A second column for the table only (e.g. patients beside practices). */
  extra?: string;
}

interface BarChartProps {
  id: string;
  title: string;
  /** Column headings of the table: the label's and the value's (and the extra's). */
  columns: [string, string] | [string, string, string];
  data: BarDatum[];
  format: (n: number) => string;
}

/**
 * Horizontal bars drawn with plain elements (no chart library, nothing from another origin), and the same
 * data as a table: the bars are hidden from screen readers, who read the table.
 */
export function BarChart({ id, title, columns, data, format }: BarChartProps) {
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <div className="chart__bars" aria-hidden="true" data-testid={`${id}-bars`}>
        {data.map((d) => (
          <div className="chart__row" key={d.label}>
            <span className="chart__label">{d.label}</span>
            <span className="chart__track">
              <span className="chart__bar" style={{ width: `${(d.value / max) * 100}%` }} />
            </span>
            <span className="chart__value">{format(d.value)}</span>
          </div>
        ))}
      </div>
      <table className="table chart__table" data-testid={`${id}-table`}>
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              <td>{format(d.value)}</td>
              {columns.length === 3 ? <td>{d.extra}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
