/**
 * The web console's figures (issue 19), as its build and its end-to-end test last measured them; the bench starts no
 * browser and builds nothing:
 * - the production build's initial JavaScript, raw and gzipped (app/dist/assets/index-*.js: `npm run build -w app`);
 * - the time from a fill's receipt to its row on the investor's screen (app/e2e/investor.ts writes
 *   reports/console-e2e.json, which git ignores: a figure of this machine's last run, never a committed one).
 * `npm run bench` prints them after the gas table; `npm run bench:console` (and .ci/app.sh, after the browser test)
 * prints them alone.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

export function consoleFigures(root: string): void {
  const assets = path.join(root, "app", "dist", "assets");
  const initial = fs.existsSync(assets) ? fs.readdirSync(assets).find((f) => /^index-.*\.js$/.test(f)) : undefined;
  if (initial === undefined) {
    console.log("console: no production build (run `npm run build -w app` to measure the initial JavaScript)");
  } else {
    const code = fs.readFileSync(path.join(assets, initial));
    const gzipped = zlib.gzipSync(code, { level: 9 }).length;
    console.log(
      `console: initial JavaScript ${(code.length / 1000).toFixed(1)} kB, ${(gzipped / 1000).toFixed(1)} kB gzipped ` +
        `(app/dist/assets/${initial})`,
    );
  }
  const file = path.join(root, "reports", "console-e2e.json");
  if (!fs.existsSync(file)) {
    console.log("console: no reports/console-e2e.json (run `npm run test:e2e -w app` to measure fill -> screen)");
    return;
  }
  const figures = JSON.parse(fs.readFileSync(file, "utf8")) as { fillToScreenMs: number; measuredAt: string };
  console.log(
    `console: a fill on the investor's screen ${figures.fillToScreenMs} ms after its receipt ` +
      `(app/e2e/investor.ts, ${figures.measuredAt}; reports/console-e2e.json)`,
  );
}

if (require.main === module) consoleFigures(path.join(__dirname, ".."));
