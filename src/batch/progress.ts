/**
 * Progress on stderr. A bar, redrawn at most ten times a second, only when
 * stderr is a terminal: logs, pipes and CI stay quiet. DAT_SIM_PROGRESS=1
 * prints plain progress lines (at most one a second) even when stderr is not a
 * terminal (long jobs on a cluster); DAT_SIM_PROGRESS=0 turns progress off.
 */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

const QUIET: Progress = { update() {}, done() {} };

const fmt = (s: number) => (s < 60 ? `${s.toFixed(0)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`);

export function progressBar(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  const setting = env.DAT_SIM_PROGRESS;
  if (setting === '0') return QUIET;
  const t0 = Date.now();
  if (!stream.isTTY) {
    if (setting !== '1') return QUIET;
    let last = -Infinity;
    return {
      update(done, total) {
        const now = Date.now();
        if (now - last < 1000 && done < total) return;
        last = now;
        stream.write(`${label}: ${done}/${total} ${unit} ${fmt((now - t0) / 1000)}\n`);
      },
      done() {},
    };
  }
  let last = 0, drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const f = total > 0 ? done / total : 1;
      const width = 24;
      const full = Math.round(f * width);
      const el = (now - t0) / 1000;
      const eta = f > 0 && f < 1 ? ` eta ${fmt((el / f) * (1 - f))}` : '';
      stream.write(`\r${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)}% ${done}/${total} ${unit} ${fmt(el)}${eta}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
