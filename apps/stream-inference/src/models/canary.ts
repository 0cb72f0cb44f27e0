/**
 * Where an entity falls in [0, 1): FNV-1a over the id's UTF-16 code units. The same entity always
 * lands in the same place, so a canary serves each entity from one version only.
 */
export function entityBucket(entityId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < entityId.length; i += 1) {
    hash ^= entityId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche (murmur3's fmix32), so that ids differing in one trailing character spread evenly.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 4_294_967_296;
}

/** Whether the challenger serves this entity: its bucket is below the challenger's traffic share. */
export const servedByChallenger = (entityId: string, challengerTraffic: number): boolean =>
  challengerTraffic > 0 && entityBucket(entityId) < challengerTraffic;
