/**
 * `npm run docs:errors`: writes docs/errors.md from the error catalogue (lib/errors/catalogue.ts) and the
 * compiled ABIs (run through `hardhat run`, which compiles first). Fails, writing nothing, while the catalogue and the
 * ABIs disagree.
 */
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { abiErrors, catalogueProblems, errorsDoc } from "../lib/errors";

const errors = abiErrors(hre.config.paths.artifacts);
const problems = catalogueProblems(errors);
if (problems.length > 0) {
  console.error(`The error catalogue and the ABIs disagree:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
const file = path.join(hre.config.paths.root, "docs", "errors.md");
fs.writeFileSync(file, errorsDoc(errors));
console.log(`wrote ${path.relative(hre.config.paths.root, file)}: ${errors.length} errors`);
