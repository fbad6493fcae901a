/**
 * Progress bars for the command line (cli-progress), drawn on stderr only when stderr is a
 * terminal: the program's output says where to draw (`CliOutput.progressStream`), and tests,
 * pipes and files get no bar at all. Small jobs get none either.
 */
import cliProgress from 'cli-progress';

/** Reports how far a job has come, in the job's own units (bytes). */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** Jobs smaller than this many bytes finish too soon for a bar. */
export const PROGRESS_MIN_BYTES = 256 * 1024;

const SILENT: Progress = { update: () => {}, stop: () => {} };

/**
 * A bar titled `title` for a job of `total` bytes on `stream`, or a silent one when there is no
 * stream (not a terminal) or the job is small.
 */
export function startProgress(
  stream: NodeJS.WritableStream | undefined,
  title: string,
  total: number,
): Progress {
  if (stream === undefined || total < PROGRESS_MIN_BYTES) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${title} [{bar}] {percentage}% | {value}/{total} bytes`,
      hideCursor: false,
      clearOnComplete: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
