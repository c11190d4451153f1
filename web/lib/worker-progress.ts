/**
 * A worker's progress callback for job `job`: posts `{ type: 'progress', job, done, total }` at
 * most every `ms` milliseconds, and always the last one (done === total). Shared by the analysis
 * and risk workers.
 */
export function throttledProgress(post: (m: { type: 'progress'; job: number; done: number; total: number }) => void, job: number, ms = 40): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done === total || now - last > ms) {
      last = now;
      post({ type: 'progress', job, done, total });
    }
  };
}
