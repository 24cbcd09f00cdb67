// Builds the one Plotly bundle the app ships: plotly.js core plus only the traces Chartroom draws.
// The full dist (1.5 MB min) and the stock partial bundles each lack a trace we need (basic has
// no geo, geo has no bar or pie), and loading two would ship two copies of the core.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "components/charts/vendor");
const outFile = path.join(outDir, "plotly.min.js");
const TRACES = ["bar", "pie", "scattergeo"];

const plotlyVersion = JSON.parse(fs.readFileSync(path.join(root, "node_modules/plotly.js/package.json"), "utf8")).version;
const stamp = `plotly.js ${plotlyVersion} traces ${TRACES.join(",")}`;
const stampFile = path.join(outDir, "stamp.txt");

if (fs.existsSync(outFile) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp) {
  process.exit(0);
}

fs.mkdirSync(outDir, { recursive: true });
const entry = [
  'var Plotly = require("plotly.js/lib/core");',
  `Plotly.register([${TRACES.map((t) => `require("plotly.js/lib/${t}")`).join(", ")}]);`,
  "module.exports = Plotly;",
].join("\n");

await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: "plotly-entry.js" },
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2018",
  define: { global: "window", "define.amd": "false" },
  legalComments: "none",
  // maplibre-gl's stylesheet is imported by a shared module but unused by these traces.
  loader: { ".css": "empty" },
  outfile: outFile,
  logLevel: "warning",
});
fs.writeFileSync(
  path.join(outDir, "plotly.min.d.ts"),
  'import type * as PlotlyTypes from "plotly.js";\ndeclare const Plotly: typeof PlotlyTypes;\nexport default Plotly;\n',
);
fs.writeFileSync(stampFile, stamp);
console.log(`Built ${path.relative(root, outFile)} (${stamp}, ${(fs.statSync(outFile).size / 1024).toFixed(0)} KiB)`);
