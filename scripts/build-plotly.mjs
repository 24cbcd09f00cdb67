// Builds the one Plotly bundle the app ships: plotly.js core plus only the traces Chartroom draws.
// The full dist (1.5 MB min) and the stock partial bundles each lack a trace we need (basic has
// no geo, geo has no bar or pie), and loading two would ship two copies of the core.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The bundle is a classic script under public/vendor with a content hash in its name, so pages can
// preload it in <head> (its download starts with the app's own chunks) and serve it as immutable.
// The hashed URL reaches the code through a small generated JSON module.
const publicDir = path.join(root, "public/vendor");
const manifestDir = path.join(root, "components/charts/vendor");
const manifestFile = path.join(manifestDir, "plotly-asset.json");
// box and heatmap (+24 kB gz) draw the Explorer's SQL-computed quartiles and 2-D bins; histograms
// are binned in SQL and drawn as bars. scattergl was measured at +138 kB gz (642 kB for the bundle),
// which would take the page past its 800 kB client JS budget, so the Explorer draws plain SVG
// scatter traces with a tighter point cap instead.
const TRACES = ["bar", "pie", "scattergeo", "box", "heatmap"];

// As a postinstall step, a production-only install (no devDependencies) has nothing to build with.
if (
  process.argv.includes("--if-possible") &&
  !fs.existsSync(path.join(root, "node_modules/plotly.js/package.json"))
) {
  console.log("plotly.js sources not installed; skipping the Plotly bundle.");
  process.exit(0);
}

const plotlyVersion = JSON.parse(
  fs.readFileSync(path.join(root, "node_modules/plotly.js/package.json"), "utf8"),
).version;
const stamp = `plotly.js ${plotlyVersion} traces ${TRACES.join(",")}`;

if (fs.existsSync(manifestFile)) {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  if (manifest.stamp === stamp && fs.existsSync(path.join(root, "public", manifest.src))) process.exit(0);
}

fs.mkdirSync(publicDir, { recursive: true });
fs.mkdirSync(manifestDir, { recursive: true });
const entry = [
  'var Plotly = require("plotly.js/lib/core");',
  `Plotly.register([${TRACES.map((t) => `require("plotly.js/lib/${t}")`).join(", ")}]);`,
  "module.exports = Plotly;",
].join("\n");

const result = await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: "plotly-entry.js" },
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "Plotly",
  target: "es2018",
  define: { global: "window", "define.amd": "false" },
  legalComments: "none",
  // maplibre-gl's stylesheet is imported by a shared module but unused by these traces.
  loader: { ".css": "empty" },
  write: false,
  logLevel: "warning",
});
const code = result.outputFiles[0].contents;
const hash = crypto.createHash("sha256").update(code).digest("hex").slice(0, 12);
for (const old of fs.readdirSync(publicDir))
  if (old.startsWith("plotly-")) fs.rmSync(path.join(publicDir, old));
const src = `/vendor/plotly-${hash}.min.js`;
fs.writeFileSync(path.join(root, "public", src), code);
fs.writeFileSync(manifestFile, JSON.stringify({ src, stamp }, null, 2) + "\n");
console.log(`Built public${src} (${stamp}, ${(code.length / 1024).toFixed(0)} KiB)`);
