import { featureTopicContract, inNamespace } from '@mlops/contracts';
import { ensureTopics, registerContracts } from '@mlops/kafka';
import type { KafkaTestKit } from './kafka-test-kit';

/**
 * The feature topics of `views` (`<ns>.features.<view>` and their .dlq) with the FeatureVector
 * schema registered, as `scripts/register-schemas.ts` makes them; existing ones are left as they
 * are. Returns the topic names, in the order of `views`.
 */
export async function createFeatureTopics(
  kit: KafkaTestKit,
  namespace: string,
  views: readonly string[],
  partitions = 3,
): Promise<string[]> {
  const contracts = views.map((view) => inNamespace(namespace, featureTopicContract(view)));
  await ensureTopics(kit.admin, contracts, { partitions });
  await registerContracts(kit.registry, contracts);
  return contracts.map((contract) => contract.topic);
}
