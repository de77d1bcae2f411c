/** The run could not measure (setup, service or input error): exit status 2, one line that says what to fix. */
export class GateError extends Error {
  override name = 'GateError';
}

/** An error in what the user gave us (flags, inputs, baseline file): also exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
