import { FeatureViews, findView, type FeatureView } from '@mlops/features';

/** The views named in config (`name` or `name:version`), or every view's latest version. */
export function selectViews(entries: readonly string[], available: readonly FeatureView[] = FeatureViews): FeatureView[] {
  if (entries.length === 0) {
    const latest = new Map<string, FeatureView>();
    for (const view of available) if ((latest.get(view.name)?.version ?? 0) < view.version) latest.set(view.name, view);
    return [...latest.values()];
  }
  return entries.map((entry) => {
    const [name = '', version] = entry.split(':');
    const view = version === undefined ? findView(name) : available.find((v) => v.name === name && v.version === Number(version));
    if (!view)
      throw new Error(`FEATURE_VIEWS: no feature view "${entry}"; known: ${available.map((v) => `${v.name}:${v.version}`).join(', ')}`);
    return view;
  });
}
