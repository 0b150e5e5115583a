// A minimal side-by-side benchmark harness: every case runs in this one process, interleaved
// over several rounds, and reports the median ops/s. Numbers are printed, never asserted.
export function measure(cases, { rounds = 5, ms = 300 } = {}) {
  const results = new Map(cases.map((c) => [c.name, []]));
  for (const c of cases) for (let i = 0; i < 2000; i++) c.fn(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      let n = 0;
      const start = process.hrtime.bigint();
      const deadline = start + BigInt(ms) * 1_000_000n;
      let now = start;
      while (now < deadline) {
        for (let i = 0; i < 100; i++) c.fn();
        n += 100;
        now = process.hrtime.bigint();
      }
      results.get(c.name).push((n * 1e9) / Number(now - start));
    }
  }
  return cases.map((c) => {
    const xs = results.get(c.name).sort((a, b) => a - b);
    return { name: c.name, group: c.group, baseline: c.baseline, opsPerSec: xs[Math.floor(xs.length / 2)] };
  });
}

export function report(title, rows) {
  console.log(`\n## ${title}`);
  const base = rows.find((r) => r.baseline)?.opsPerSec;
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const ratio = base ? (r.opsPerSec / base).toFixed(2) : '-';
    console.log(`${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(12)} ops/s  ${ratio.padStart(6)}x node:crypto`);
  }
}
