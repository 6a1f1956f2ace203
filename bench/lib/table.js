// The printed results: one row per workload and figure, medians with min–max and ratios.
import { median, minMax } from './stats.js';

const pad = (text, width) => String(text).padEnd(width);
const padLeft = (text, width) => String(text).padStart(width);

function format(value) {
  if (!Number.isFinite(value)) return '—';
  if (value >= 1000) return Math.round(value).toLocaleString('en-US');
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** "median [min–max]" of `values`, or "—". */
export function cell(values) {
  if (!values || values.length === 0) return '—';
  const { min, max } = minMax(values);
  return values.length === 1 ? format(values[0]) : `${format(median(values))} [${format(min)}–${format(max)}]`;
}

export function ratio(ours, theirs) {
  if (!ours?.length || !theirs?.length) return NaN;
  return median(ours) / median(theirs);
}

/**
 * Renders rows of { workload, figure, cells: string[], ratios: number[], target? } as a
 * Markdown table (readable in a terminal and pasteable into bench/README.md).
 */
export function renderTable(headers, rows) {
  const lines = rows.map((row) => [
    row.workload,
    row.figure,
    ...row.cells,
    ...row.ratios.map((value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—')),
    row.verdict ?? '',
  ]);
  const all = [headers, ...lines];
  const widths = headers.map((_, column) => Math.max(...all.map((line) => String(line[column]).length)));
  const render = (line) => `| ${line.map((text, column) => (column < 2 ? pad(text, widths[column]) : padLeft(text, widths[column]))).join(' | ')} |`;
  return [render(headers), `|${widths.map((width, column) => (column < 2 ? ':' : '-') + '-'.repeat(width) + (column < 2 ? '-' : ':')).join('|')}|`, ...lines.map(render)].join('\n');
}
