/**
 * How a batch talks to its user: a progress bar with ETA on a terminal, one plain line per
 * photo otherwise, JSON lines with --json; always a final summary with the reasons of failures.
 */
import cliProgress from 'cli-progress';
import type { BatchSummary } from '../core/jobs/batch.js';
import type { PhotoResult } from '../core/jobs/photoJob.js';

export interface Reporter {
  start(total: number): void;
  result(result: PhotoResult, progress: { finished: number; total: number }): void;
  note(message: string): void;
  summary(summary: BatchSummary): void;
}

function faceText(r: PhotoResult): string {
  const faces = r.faces?.filter((f) => f.status === 'restored') ?? [];
  if (faces.length === 0) return '';
  const conf = faces.map((f) => f.confidence?.toFixed(2)).join(', ');
  const low = faces.filter((f) => f.note).length;
  return ` (${faces.length} face${faces.length > 1 ? 's' : ''}, kernel confidence ${conf}${low ? `; ${low} LOW: result may be wrong` : ''})`;
}

function line(r: PhotoResult): string {
  switch (r.status) {
    case 'done':
      return `done     ${r.input} -> ${r.output}${faceText(r)}`;
    case 'skipped':
      return `skipped  ${r.input}: ${r.reason}`;
    case 'failed':
      return `FAILED   ${r.input}: ${r.reason}`;
  }
}

function summaryLines(s: BatchSummary): string[] {
  const out = [
    `${s.done} done, ${s.skipped} skipped, ${s.failed} failed of ${s.total} in ${(s.ms / 1000).toFixed(1)} s` +
      (s.cancelled ? ` (interrupted: ${s.notStarted} not started)` : ''),
  ];
  for (const r of s.results.filter((x) => x.status === 'failed'))
    out.push(`  failed: ${r.input}: ${r.reason}`);
  return out;
}

export function plainReporter(write: (s: string) => void): Reporter {
  return {
    start: (total) => write(`face-deblur: ${total} photo${total === 1 ? '' : 's'}\n`),
    result: (r, p) => write(`[${p.finished}/${p.total}] ${line(r)}\n`),
    note: (m) => write(`${m}\n`),
    summary: (s) => write(summaryLines(s).join('\n') + '\n'),
  };
}

export function jsonReporter(stdout: (s: string) => void, stderr: (s: string) => void): Reporter {
  const strip = (r: PhotoResult) => ({
    ...r,
    ms: Math.round(r.ms),
    faces: r.faces?.map(({ restoration: _restoration, ...f }) => f),
  });
  return {
    start: (total) => stdout(JSON.stringify({ type: 'start', total }) + '\n'),
    result: (r) => stdout(JSON.stringify({ type: 'photo', ...strip(r) }) + '\n'),
    note: (m) => stderr(`${m}\n`),
    summary: (s) =>
      stdout(
        JSON.stringify({
          type: 'summary',
          total: s.total,
          done: s.done,
          skipped: s.skipped,
          failed: s.failed,
          notStarted: s.notStarted,
          cancelled: s.cancelled,
          ms: Math.round(s.ms),
          failures: s.results
            .filter((r) => r.status === 'failed')
            .map((r) => ({ input: r.input, code: r.code, reason: r.reason })),
        }) + '\n',
      ),
  };
}

/** Progress bar on stderr (ETA from cli-progress); problems are printed above the bar. */
export function barReporter(stream: NodeJS.WriteStream): Reporter {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | {value}/{total} | ETA {eta_formatted} | {file}',
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { file: '' }),
    result: (r, p) => {
      if (r.status === 'failed' || r.faces?.some((f) => f.note && f.status === 'restored')) {
        bar.stop();
        stream.write(line(r) + '\n');
        bar.start(p.total, p.finished, { file: '' });
      }
      bar.update(p.finished, { file: r.key });
    },
    note: (m) => stream.write(`${m}\n`),
    summary: (s) => {
      bar.stop();
      stream.write(summaryLines(s).join('\n') + '\n');
    },
  };
}
