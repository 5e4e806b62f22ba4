/** A command line the `tdkt` command cannot take: the message and the usage are printed. */
export class UsageError extends Error {}
