/** A console progress bar: redrawn in place on a terminal, one line per 10% in CI logs. */
export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastDecile = -1;
  return (done: number, total: number) => {
    const ratio = total === 0 ? 1 : done / total;
    const percent = Math.floor(ratio * 100);
    const elapsed = ((Date.now() - started) / 1000).toFixed(1);
    const counts = `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(
        `\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${percent}% ${counts} ${elapsed}s`,
      );
      if (done >= total) stream.write("\n");
    } else if (Math.floor(percent / 10) > lastDecile) {
      lastDecile = Math.floor(percent / 10);
      stream.write(`${label} ${percent}% ${counts} ${elapsed}s\n`);
    }
  };
}
