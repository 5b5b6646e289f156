/**
 * Progress on stderr for long CLI runs (stdout stays clean for the output): a redrawn bar on a terminal,
 * a line every few seconds otherwise (CI logs).
 */
export class Progress {
  private done = 0;
  private lastLine = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  tick(n = 1): void {
    this.done += n;
    const now = Date.now();
    if (this.out.isTTY) {
      const width = 30;
      const filled = this.total > 0 ? Math.round((this.done / this.total) * width) : width;
      this.out.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total}`);
    } else if (now - this.lastLine > 2000 || this.done === this.total) {
      this.lastLine = now;
      this.out.write(`${this.label}: ${this.done}/${this.total}\n`);
    }
  }

  finish(): void {
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    this.out.write(`${this.out.isTTY ? '\n' : ''}${this.label}: done, ${this.done} in ${secs} s\n`);
  }
}
