import type { ModelLifecycleEvent } from '@mlops/contracts';
import type { Alias, AliasState } from './alias-state';
import type { ModelCard } from './model-card';

/** Sends one event to `models.lifecycle` and resolves once the broker has it (acks=all). */
export type LifecyclePublisher = (event: ModelLifecycleEvent) => Promise<void>;

export interface LifecycleChange {
  readonly action: ModelLifecycleEvent['action'];
  readonly alias: Alias | null;
  readonly card: Pick<ModelCard, 'name' | 'version' | 'artifact'>;
  readonly state: AliasState;
  readonly actor: string;
  readonly reason: string | null;
  readonly at: number;
}

/** The event for a change, carrying the model's whole alias state after it (the topic is compacted by model). */
export const lifecycleEvent = (change: LifecycleChange): ModelLifecycleEvent => ({
  model_name: change.card.name,
  model_version: change.card.version,
  action: change.action,
  alias: change.alias,
  artifact_uri: change.card.artifact.uri,
  artifact_sha256: change.card.artifact.sha256,
  occurred_at: change.at,
  actor: change.actor,
  reason: change.reason,
  champion: change.state.champion,
  challenger: change.state.challenger,
  shadow: change.state.shadow,
  challenger_traffic: change.state.challengerTraffic,
});
