/** An error a user can meet: a stable code and a Vietnamese message that says what to fix. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

export type EngineErrorCode =
  | "INVALID_FILE"
  | "UNKNOWN_PRESET"
  | "INVALID_SCHEME"
  | "INVALID_SPECIALISATION"
  | "LOCKED_CRITERION"
  | "UNKNOWN_UNIT"
  | "UNKNOWN_CRITERION"
  | "INVALID_SCORE"
  | "INVALID_BALLOT";
