/**
 * Where a check's time goes, for `SCHEMATIC_TIMING=1` (as ESLint's TIMING=1): the phases of the check and
 * the time each rule took, printed to stderr after the report. Collected only when asked for.
 */
export class Timings {
  readonly phases = new Map<string, number>();
  readonly rules = new Map<string, number>();
  private last = performance.now();

  /** Ends the phase running since the previous mark (or since construction). */
  mark(phase: string): void {
    const now = performance.now();
    this.phases.set(phase, (this.phases.get(phase) ?? 0) + now - this.last);
    this.last = now;
  }

  addRule(id: string, ms: number): void {
    this.rules.set(id, (this.rules.get(id) ?? 0) + ms);
  }

  /** A plain-text table: the phases in order, then the `limit` slowest rules. */
  format(limit = 10): string {
    const total = [...this.phases.values()].reduce((sum, ms) => sum + ms, 0);
    const row = (label: string, ms: number) =>
      `  ${label.padEnd(34)} ${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / (total || 1)).toFixed(1).padStart(5)}%`;
    const lines = ["Phase                                     Time      Share"];
    for (const [phase, ms] of this.phases) lines.push(row(phase, ms));
    lines.push(row("total", total), "", `Rule (slowest ${limit})`);
    const slowest = [...this.rules].sort((a, b) => b[1] - a[1]).slice(0, limit);
    for (const [id, ms] of slowest) lines.push(row(id, ms));
    return `${lines.join("\n")}\n`;
  }
}
