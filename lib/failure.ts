/**
 * A failure to show the user as it is, without a stack trace, from a module that must also load in a browser (the
 * web console imports lib/units.ts): no hardhat or node: import here. Hardhat's command line recognises it as a
 * plugin's error by its `_isHardhatPluginError` mark (HardhatPluginError.isHardhatPluginError is a duck test), so a
 * task that lets it through prints the message alone, as it does lib/cli.ts's CliError.
 */
export class UserError extends Error {
  /** Hardhat's mark of a plugin error: the CLI prints `Error in plugin exchange-cli: <message>`. */
  readonly _isHardhatPluginError = true;
  readonly pluginName = "exchange-cli";

  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }

  /** Node's inspect (Hardhat prints the error with it on CI): nothing, unless a stack trace is asked for. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const argv = typeof process === "undefined" ? [] : process.argv;
    return argv.includes("--show-stack-traces") ? (this.stack ?? this.message) : "";
  }
}

/** A failure shown as it is (see UserError). */
export function userError(message: string): UserError {
  return new UserError(message);
}
