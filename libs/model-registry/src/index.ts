export {
  ALIASES,
  AliasChangeError,
  ROLLBACK_DEPTH,
  demote,
  emptyAliasState,
  isAlias,
  promote,
  rollBack,
  servingVersions,
} from './alias-state';
export type { Alias, AliasState } from './alias-state';
export { lifecycleEvent, type LifecycleChange, type LifecyclePublisher } from './lifecycle';
export { LocalModelStore, sha256 } from './local-model.store';
export * from './model-card';
export {
  GOLDEN_TOLERANCE,
  ModelRegistry,
  goldenMismatches,
  type AliasRequest,
  type ModelSummary,
  type RegisterRequest,
} from './model-registry';
export {
  AliasConflictError,
  ArtifactIntegrityError,
  LifecyclePublishError,
  ModelNotFoundError,
  ModelRegistryError,
  ModelRejectedError,
} from './registry.errors';
export { signatureProblems } from './signature-check';
