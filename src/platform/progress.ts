/** A one-line progress bar on stderr for long-running commands (plain lines when not a TTY). */
export function progress(label: string): { update(done: number, total: number): void; done(): void } {
  let lastShown = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - lastShown < 200 && done < total) return;
      lastShown = now;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
      const line = `${label} [${bar}] ${pct}% (${done}/${total})`;
      if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
      else process.stderr.write(`${line}\n`);
    },
    done() {
      if (process.stderr.isTTY) process.stderr.write('\n');
    },
  };
}
