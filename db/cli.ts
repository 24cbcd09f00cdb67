import { env } from "../lib/env";
import { openDatabase } from "./connection";
import { generateDemoData, isRetailEmpty } from "./demo-data";
import { createProgressBar } from "./progress";

// `db:migrate` brings the schema up to date; `db:seed` also fills an empty database with the demo
// dataset (DEMO_ROWS orders). Neither touches a database that already holds data.
function main(command: string | undefined): void {
  if (command !== "migrate" && command !== "seed") {
    console.error("usage: db/cli.ts migrate|seed");
    process.exit(2);
  }
  const started = Date.now();
  const db = openDatabase(env.databaseFile);
  try {
    if (command === "seed") {
      if (isRetailEmpty(db)) {
        console.log(
          `Generating ${env.DEMO_ROWS.toLocaleString("en-US")} demo orders into ${env.databaseFile}`,
        );
        generateDemoData(db, { rows: env.DEMO_ROWS, onProgress: createProgressBar("orders") });
        db.pragma("wal_checkpoint(TRUNCATE)");
        db.pragma("analysis_limit = 1000");
        db.exec("ANALYZE");
        console.log(`Demo data ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } else {
        console.log(`Demo data already present in ${env.databaseFile}`);
      }
    } else {
      console.log(`Database migrated: ${env.databaseFile}`);
    }
  } finally {
    db.close();
  }
}

main(process.argv[2]);
