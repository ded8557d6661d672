/**
 * Typed errors. The model and the sources throw these; only src/cli.ts maps them to exit codes
 * (0 ok, 1 a check or budget failed, 2 bad input or unreachable source; any other error is a bug, 70).
 */
export class LokiplanError extends Error {
  override name = 'LokiplanError';
}

/** Bad scenario input: names the file, the field path and the bad value. */
export class ScenarioError extends LokiplanError {
  override name = 'ScenarioError';
  constructor(
    readonly file: string,
    readonly path: string,
    message: string,
  ) {
    super(`${file}${path ? `: ${path}` : ''}: ${message}`);
  }
}

/**
 * Several input errors found at once (every problem in a scenario file, up to a bound): each is
 * one stderr line naming its file and field. The message joins them for callers that want one.
 */
export class InputErrors extends LokiplanError {
  override name = 'InputErrors';
  constructor(
    readonly errors: readonly LokiplanError[],
    /** errors found beyond those listed */
    readonly more = 0,
  ) {
    super(errors.map((e) => e.message).join('; ') + (more ? `; and ${more} more` : ''));
  }
}

/** A price the model needs is not in the price book. Never replaced by zero. */
export class PriceNotFoundError extends LokiplanError {
  override name = 'PriceNotFoundError';
  constructor(
    readonly key: string,
    readonly region: string,
    readonly source: string,
    detail = '',
  ) {
    super(`price '${key}' not found for ${region} in ${source}${detail ? `: ${detail}` : ''}`);
  }
}

/** A price book that is malformed (bad value, duplicate, wrong currency...). */
export class PriceBookError extends LokiplanError {
  override name = 'PriceBookError';
  constructor(
    readonly source: string,
    readonly key: string,
    message: string,
  ) {
    super(`${source}${key ? `: ${key}` : ''}: ${message}`);
  }
}

/** A price or spend source that could not be read or reached. */
export class SourceError extends LokiplanError {
  override name = 'SourceError';
}

/** Input the model cannot plan soundly (outside what it covers). */
export class ModelLimitError extends LokiplanError {
  override name = 'ModelLimitError';
}
