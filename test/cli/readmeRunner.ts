/**
 * Runs command lines as `npx hardhat` would, one after the other in one Hardhat process (started by
 * test/cli/readme.test.ts with `hardhat run` against its node): each line's task and arguments go through Hardhat's
 * own argument parser, so a line runs exactly as written. The lines come in README_COMMANDS (JSON, each the words
 * after `npx hardhat`), run in README_CWD; the first failure stops the run (exit 1). Does nothing without README_COMMANDS (mocha loads
 * every file under test/).
 */
import hre from "hardhat";
import { ArgumentsParser } from "hardhat/internal/cli/ArgumentsParser";

async function main(commands: string[][]): Promise<void> {
  const parser = new ArgumentsParser();
  // Files the commands read and write (consents) live in the user's working folder.
  if (process.env.README_CWD) process.chdir(process.env.README_CWD);
  for (const words of commands) {
    const [name, ...rest] = words;
    console.log(`\n$ npx hardhat ${words.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(" ")}`);
    const definition = hre.tasks[name];
    if (!definition) throw new Error(`no task ${name}`);
    await hre.run(name, parser.parseTaskArguments(definition, rest));
  }
}

if (process.env.README_COMMANDS) {
  main(JSON.parse(process.env.README_COMMANDS) as string[][]).catch((error: Error) => {
    console.error(`FAILED: ${error.message}`);
    process.exitCode = 1;
  });
}
