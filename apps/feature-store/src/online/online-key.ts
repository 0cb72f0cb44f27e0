/**
 * Where the online store keeps one entity's vector of one view version:
 *
 *   fs:<namespace or "-">:<view>:v<version>:<entity_id>
 *
 * e.g. `fs:-:user_transactions:v1:u1`. The namespace is the deployment's topic namespace, so test
 * runs and tenants sharing a Redis never read each other's vectors; "-" stands for none (a
 * namespace never is "-"). Versions live side by side, so a model pinned to v1 keeps its values
 * while v2 fills. The entity id comes last and is taken as is: view names and namespaces contain
 * no ":", so any entity id (colons included) maps to exactly one key.
 */
export const onlineKey = (namespace: string, view: string, version: number, entityId: string): string =>
  `fs:${namespace === '' ? '-' : namespace}:${view}:v${version}:${entityId}`;

/** The keys of one deployment (topic namespace). */
export class OnlineKeySpace {
  constructor(readonly namespace: string) {}

  key(view: { readonly name: string; readonly version: number }, entityId: string): string {
    return onlineKey(this.namespace, view.name, view.version, entityId);
  }
}
