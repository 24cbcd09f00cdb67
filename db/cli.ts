import { env } from "../lib/env";
import { createUser, getUserByName } from "../lib/auth/users";
import { ensureExampleDatasets } from "../lib/datasets/examples";
import { openDatabase } from "./connection";
import { isRetailEmpty, seedDemoData } from "./demo-data";
import { createProgressBar } from "./progress";

// The demo's well-known accounts. Only `npm run demo` and the e2e server create them (command
// `demo-users`); `npm start` never does, and its secret check refuses the demo's setup anyway.
const DEMO_USERS = [
  { username: "alice", password: "secret123", role: "admin" },
  { username: "bob", password: "pa$$w0rd", role: "viewer" },
] as const;

async function createDemoUsers(): Promise<void> {
  for (const user of DEMO_USERS) {
    if (getUserByName(user.username)) continue;
    await createUser(user);
    console.log(`Demo user ${user.username} (${user.role}) created`);
  }
}

async function createExamples(): Promise<void> {
  const started = Date.now();
  const created = await ensureExampleDatasets();
  if (created.length === 0) console.log("Example datasets already present");
  for (const name of created) console.log(`Example dataset "${name}" imported`);
  if (created.length) console.log(`Examples ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// `db:migrate` brings the schema up to date; `db:seed` also fills an empty database with the demo
// dataset (DEMO_ROWS orders). Neither touches a database that already holds data. `demo-users`
// adds the demo accounts when missing; `examples` the built-in public datasets (vega-datasets).
async function main(command: string | undefined): Promise<void> {
  if (command === "demo-users") return createDemoUsers();
  if (command === "examples") return createExamples();
  if (command !== "migrate" && command !== "seed") {
    console.error("usage: db/cli.ts migrate|seed|demo-users|examples");
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
        seedDemoData(db, { rows: env.DEMO_ROWS, onProgress: createProgressBar("orders") });
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

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
