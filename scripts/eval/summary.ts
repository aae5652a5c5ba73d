/** Aggregating benchmark measurements into the table `npm run eval` prints (and its JSON). */

export interface Measurement {
  row: string;
  kernelSize: number;
  psnr: number;
  ssim: number;
  /** Wall time of the row's restoration of this face, milliseconds. */
  ms: number;
}

export interface RowStatus {
  name: string;
  /** Present rows are measured; an absent row says why (e.g. its model file is missing). */
  absent?: string;
}

export interface Cell {
  psnr: number;
  ssim: number;
  count: number;
}

export interface RowSummary extends RowStatus {
  bySize: Record<string, Cell>;
  overall?: Cell;
  msPerFace?: number;
}

export interface BenchmarkSummary {
  faces: number;
  kernels: string[];
  kernelSizes: number[];
  noiseSigma: number;
  rows: RowSummary[];
}

function cell(ms: readonly Measurement[]): Cell {
  const n = ms.length;
  return {
    psnr: ms.reduce((a, m) => a + m.psnr, 0) / n,
    ssim: ms.reduce((a, m) => a + m.ssim, 0) / n,
    count: n,
  };
}

export function summarise(
  measurements: readonly Measurement[],
  rows: readonly RowStatus[],
  context: { faces: number; kernels: string[]; noiseSigma: number },
): BenchmarkSummary {
  const kernelSizes = [...new Set(measurements.map((m) => m.kernelSize))].sort((a, b) => a - b);
  return {
    ...context,
    kernelSizes,
    rows: rows.map((row) => {
      const mine = measurements.filter((m) => m.row === row.name);
      if (row.absent !== undefined || mine.length === 0) return { ...row, bySize: {} };
      const bySize: Record<string, Cell> = {};
      for (const size of kernelSizes) {
        const some = mine.filter((m) => m.kernelSize === size);
        if (some.length > 0) bySize[String(size)] = cell(some);
      }
      return {
        ...row,
        bySize,
        overall: cell(mine),
        msPerFace: mine.reduce((a, m) => a + m.ms, 0) / mine.length,
      };
    }),
  };
}

/** A plain-text table: one line per row, PSNR/SSIM per kernel size, overall, ms per face. */
export function formatTable(summary: BenchmarkSummary): string {
  const headers = ['method', ...summary.kernelSizes.map((s) => `${s} px`), 'overall', 'ms/face'];
  const lines = summary.rows.map((row) => {
    if (row.absent !== undefined || !row.overall) {
      return [row.name, `absent: ${row.absent ?? 'no measurement'}`];
    }
    const fmt = (c: Cell | undefined) => (c ? `${c.psnr.toFixed(2)} / ${c.ssim.toFixed(3)}` : '-');
    return [
      row.name,
      ...summary.kernelSizes.map((s) => fmt(row.bySize[String(s)])),
      fmt(row.overall),
      (row.msPerFace ?? 0).toFixed(1),
    ];
  });
  const widths = headers.map((h, i) =>
    Math.max(
      h.length,
      ...lines.filter((l) => l.length === headers.length).map((l) => (l[i] ?? '').length),
    ),
  );
  const pad = (cells: string[]) =>
    cells.length === headers.length
      ? cells
          .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
          .join('  ')
      : `${(cells[0] ?? '').padEnd(widths[0] ?? 0)}  ${cells[1] ?? ''}`;
  const title =
    `PSNR (dB) / SSIM on ${summary.faces} faces x ${summary.kernels.length} kernels, ` +
    `noise sigma ${summary.noiseSigma}`;
  return [title, pad(headers), ...lines.map(pad)].join('\n');
}
