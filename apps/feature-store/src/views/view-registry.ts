import type { FeatureView } from '@mlops/features';

/** Some features of a view version, by name and by position in its packed vector. */
export interface FeatureSelection {
  readonly names: readonly string[];
  readonly indexes: readonly number[];
}

/** A view version with what lookups need precomputed once: positions by name, the full selection. */
export interface ViewLayout {
  readonly name: string;
  readonly version: number;
  /** Entity kind the view describes, e.g. `user`. */
  readonly entity: string;
  /** How long after its event time a vector is served as present. (ms) */
  readonly ttlMs: number;
  readonly outputNames: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Every feature, in the vector's order. */
  readonly all: FeatureSelection;
}

function layoutOf(view: FeatureView): ViewLayout {
  const indexes = view.outputNames.map((_, i) => i);
  return {
    name: view.name,
    version: view.version,
    entity: view.entity,
    ttlMs: view.ttlMs,
    outputNames: view.outputNames,
    indexOf: new Map(view.outputNames.map((name, i) => [name, i])),
    all: { names: view.outputNames, indexes },
  };
}

/** The view versions this store serves, resolved by name and version. */
export class ViewRegistry {
  private readonly byName = new Map<string, ViewLayout[]>();

  constructor(views: readonly FeatureView[]) {
    for (const view of views) {
      const versions = this.byName.get(view.name) ?? [];
      if (versions.some((v) => v.version === view.version)) throw new Error(`feature view ${view.name} v${view.version} is defined twice`);
      versions.push(layoutOf(view));
      versions.sort((a, b) => b.version - a.version);
      this.byName.set(view.name, versions);
    }
  }

  /** View names, in definition order. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Every served view version. */
  layouts(): ViewLayout[] {
    return [...this.byName.values()].flat();
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Versions of a view, newest first; empty for an unknown view. */
  versions(name: string): number[] {
    return (this.byName.get(name) ?? []).map((layout) => layout.version);
  }

  /** The given version of a view, or its newest when `version` is undefined. */
  find(name: string, version?: number): ViewLayout | undefined {
    const versions = this.byName.get(name);
    if (versions === undefined) return undefined;
    return version === undefined ? versions[0] : versions.find((layout) => layout.version === version);
  }
}
