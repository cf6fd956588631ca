/**
 * A command-line session: one Hardhat process, started once as `hardhat run test/cli/readmeRunner.ts --network
 * <the node's network>` by test/cli/devNode.ts (CliSession), runs command lines as `npx hardhat` would, one after the
 * other, so that the node tests pay Hardhat's start-up (about 4 s of CPU) once instead of once per command.
 *
 * Each line is parsed exactly as Hardhat's CLI parses it (hardhat/internal/cli/cli.js): the global options with
 * Hardhat's own parameter definitions, which must match the session's (a line that names another --network is
 * refused, not silently run elsewhere), then the scope and task names, then the task's own arguments from its
 * definition; it runs with `hre.run`, and a failure is printed as the CLI prints it (CI=true: Hardhat's stack-trace
 * default on a CI server; a CliError prints none). The same task code, simulate-first signer and error formatting run
 * as on the command line; only the process boundary differs (a test that checks the exit status of a real process
 * spawns one).
 *
 * Protocol: one JSON request a line on stdin, `{"words": [...the words after npx hardhat], "cwd": "..."}`; after the
 * command's own output, the session writes `RESULT_MARK{"status":0|1}` on stdout and on stderr (both streams, so that
 * the caller has all of both before it reads the status). Does nothing unless CLI_SESSION=1 (mocha loads every file
 * under test/).
 */
import hre from "hardhat";
import { HARDHAT_PARAM_DEFINITIONS } from "hardhat/internal/core/params/hardhat-params";
import { getEnvHardhatArguments } from "hardhat/internal/core/params/env-variables";
import { ArgumentsParser } from "hardhat/internal/cli/ArgumentsParser";
import { HardhatError, HardhatPluginError } from "hardhat/internal/core/errors";
import { isRunningOnCiServer } from "hardhat/internal/util/ci-detection";
import readline from "node:readline";

export const RESULT_MARK = "\u0001cli-session-result ";

type Request = { words: string[]; cwd?: string };

/** Runs one command line as Hardhat's CLI does; its exit status (the CLI exits 1 on an error, else process.exitCode). */
async function runLine(words: string[]): Promise<number> {
  let showStackTraces = words.includes("--show-stack-traces") || isRunningOnCiServer();
  try {
    const parser = new ArgumentsParser();
    const envArguments = getEnvHardhatArguments(HARDHAT_PARAM_DEFINITIONS, process.env);
    const { hardhatArguments, scopeOrTaskName, allUnparsedCLAs } = parser.parseHardhatArguments(
      HARDHAT_PARAM_DEFINITIONS,
      envArguments,
      words,
    );
    // The session's own global options hold for every line: one that asks for others needs a process of its own.
    const session = hre.hardhatArguments as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(hardhatArguments)) {
      const ours = key === "network" ? hre.network.name : session[key];
      if (key !== "showStackTraces" && value !== undefined && value !== ours) {
        throw new Error(`this session runs with --${key} ${String(ours)}, the line asks for ${String(value)}`);
      }
    }
    showStackTraces = hardhatArguments.showStackTraces || isRunningOnCiServer();
    if (scopeOrTaskName === undefined) throw new Error("no task named");
    const { scopeName, taskName, unparsedCLAs } = parser.parseScopeAndTaskNames(allUnparsedCLAs, hre.tasks, hre.scopes);
    const definition = scopeName === undefined ? hre.tasks[taskName] : hre.scopes[scopeName]?.tasks[taskName];
    if (definition === undefined || definition.isSubtask) throw new Error(`no task ${taskName} to run from the CLI`);
    process.exitCode = undefined;
    await hre.run({ scope: scopeName, task: taskName }, parser.parseTaskArguments(definition, unparsedCLAs));
    const code = process.exitCode as number | string | undefined;
    process.exitCode = undefined;
    return Number(code ?? 0);
  } catch (error) {
    // As hardhat/internal/cli/cli.js prints it (colours aside), then exits 1.
    let known = false;
    if (HardhatError.isHardhatError(error)) {
      known = true;
      console.error("Error", error.message);
    } else if (HardhatPluginError.isHardhatPluginError(error)) {
      known = true;
      console.error(`Error in plugin ${error.pluginName}:`, error.message);
    } else {
      console.error("An unexpected error occurred:");
      showStackTraces = true;
    }
    console.log("");
    if (showStackTraces) console.error(error);
    else if (!known) console.error("If you think this is a bug in Hardhat, please report it here: ...");
    else console.error("For more info run hardhat with --show-stack-traces");
    return 1;
  }
}

async function serve(): Promise<void> {
  const home = process.cwd();
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const request = JSON.parse(line) as Request;
    // Files the commands read and write (consents) live in the user's working folder.
    process.chdir(request.cwd ?? home);
    const status = await runLine(request.words);
    process.chdir(home);
    const mark = `\n${RESULT_MARK}${JSON.stringify({ status })}\n`;
    await new Promise<void>((resolve) => process.stderr.write(mark, () => resolve()));
    await new Promise<void>((resolve) => process.stdout.write(mark, () => resolve()));
  }
}

if (process.env.CLI_SESSION === "1") {
  serve().catch((error: Error) => {
    console.error(`session failed: ${error.stack ?? error.message}`);
    process.exitCode = 1;
  });
}
