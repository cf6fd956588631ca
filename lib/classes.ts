import { flagSet } from "./flags";

/**
 * Client class names and bits, exactly as in contracts/types/ClientClass.sol (library ClientClasses). One name per
 * concept: the CLI, README and events all say INSTITUTIONAL, ACCREDITED, PROFESSIONAL, RETAIL.
 */
export const ClientClass = {
  INSTITUTIONAL: 1 << 0,
  ACCREDITED: 1 << 1,
  PROFESSIONAL: 1 << 2,
  RETAIL: 1 << 3,
} as const;

export type ClientClassName = keyof typeof ClientClass;

const classes = flagSet<ClientClassName>("client class", ClientClass, 8);

export const ALL_CLASSES = classes.all;
/** The mask for a list of names, e.g. classMask("INSTITUTIONAL", "ACCREDITED"). */
export const classMask = classes.mask;
/** Names of the bits set in a mask, in bit order; unknown bits are shown as `bitN`. */
export const classNames = classes.names;
/** Parse "INSTITUTIONAL,ACCREDITED" (case-insensitive) or a number into a mask. */
export const parseClasses = classes.parse;
