/** Base of every refusal by the registry; `kind` maps to an HTTP status at the edge. */
export abstract class ModelRegistryError extends Error {
  abstract readonly kind: 'invalid' | 'not_found' | 'conflict' | 'unavailable';
}

/** The card or the artifact cannot be registered: every problem, one line each. */
export class ModelRejectedError extends ModelRegistryError {
  override readonly name = 'ModelRejectedError';
  readonly kind = 'invalid';
  constructor(
    readonly model: string,
    readonly problems: readonly string[],
  ) {
    super(`model ${model} refused: ${problems.join('; ')}`);
  }
}

export class ModelNotFoundError extends ModelRegistryError {
  override readonly name = 'ModelNotFoundError';
  readonly kind = 'not_found';
  constructor(
    readonly model: string,
    readonly version?: string,
  ) {
    super(version === undefined ? `model ${model} is not registered` : `model ${model} has no version ${version}`);
  }
}

/** An alias change that the current state does not allow (nothing to roll back, removing the champion…). */
export class AliasConflictError extends ModelRegistryError {
  override readonly name = 'AliasConflictError';
  readonly kind = 'conflict';
  constructor(
    readonly model: string,
    reason: string,
  ) {
    super(`model ${model}: ${reason}`);
  }
}

/** A stored artifact whose bytes no longer match the digest recorded at registration. */
export class ArtifactIntegrityError extends ModelRegistryError {
  override readonly name = 'ArtifactIntegrityError';
  readonly kind = 'conflict';
  constructor(
    readonly uri: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`artifact ${uri} has sha256 ${actual}, registered as ${expected}`);
  }
}

/** The change is saved but its lifecycle event could not be published; repeating the call publishes the state again. */
export class LifecyclePublishError extends ModelRegistryError {
  override readonly name = 'LifecyclePublishError';
  readonly kind = 'unavailable';
  constructor(
    readonly model: string,
    cause: unknown,
  ) {
    super(`model ${model}: change saved, but its models.lifecycle event was not published`, { cause });
  }
}
