// `npx tsx --conditions=react-server bench/seed-phases.ts [rows] [file]`: seeds a fresh demo
// database (default 1,000,000 orders into /tmp/chartroom-seed-phases.db, deleted first) and prints
// wall and CPU time per phase of seedDemoData, then of the commit (with ANALYZE). CPU includes SQLite's helper
// threads (the index builds use two), so on a shared machine it is the steadier number; the load
// average is printed beside it.
import fs from "node:fs";
import os from "node:os";
import { openDatabase } from "../db/connection";
import { seedDemoData } from "../db/demo-data";

const rows = Number(process.argv[2] ?? 1_000_000);
const file = process.argv[3] ?? "/tmp/chartroom-seed-phases.db";
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
let lastWall = performance.now();
let lastCpu = cpuSeconds();
const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(" ");
const mark = (phase: string) => {
  const wall = performance.now();
  const cpu = cpuSeconds();
  console.log(
    `${phase.padEnd(15)} wall ${((wall - lastWall) / 1000).toFixed(2).padStart(6)} s  cpu ${(cpu - lastCpu).toFixed(2).padStart(6)} s`,
  );
  lastWall = wall;
  lastCpu = cpu;
};

const db = openDatabase(file);
try {
  console.log(`Seeding ${rows.toLocaleString("en-US")} orders into ${file}, load ${loadAverage()}`);
  lastWall = performance.now();
  lastCpu = cpuSeconds();
  seedDemoData(db, { rows, onPhase: mark });
  mark("commit, analyze");
  console.log(
    `load ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")}`,
  );
} finally {
  db.close();
}
