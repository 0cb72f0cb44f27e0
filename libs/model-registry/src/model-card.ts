import { z } from 'zod';

const NAME = /^[a-z][a-z0-9_-]{0,99}$/;

/** One model input: a feature of a view version, in the position the model reads it. */
export const inputFeatureSchema = z.object({
  view: z.string().regex(NAME, 'expected a view name (lowercase letters, digits, "_" or "-")'),
  version: z.number().int().positive(),
  feature: z.string().min(1),
});

/** Distribution of one input in the training data: the baseline drift is measured against. */
export const featureProfileSchema = z.object({
  feature: z.string().min(1),
  count: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  mean: z.number().nullable(),
  stddev: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** Bin edges (ascending, length = counts + 1; the outer edges are -Infinity/+Infinity written as null). */
  histogram: z.object({ edges: z.array(z.number().nullable()), counts: z.array(z.number().int().nonnegative()) }),
});

/** An input row and the score the model must give for it (checked at registration and before every swap). */
export const goldenExampleSchema = z.object({
  inputs: z.array(z.number().nullable()),
  score: z.number(),
});

/**
 * What a trainer submits with an artifact. The registry adds the version, the artifact's place and
 * digest and the registration time: see {@link ModelCard}.
 */
export const modelCardInputSchema = z.object({
  description: z.string().default(''),
  owner: z.string().min(1),
  tags: z.array(z.string().min(1)).default([]),
  inputs: z.object({
    /** Name of the ONNX graph's input: float32 [batch, features.length]. */
    tensor: z.string().min(1),
    features: z.array(inputFeatureSchema).min(1),
  }),
  output: z.object({
    /** Name of the ONNX graph's output: float32 [batch, 1]. */
    tensor: z.string().min(1),
    /** What the score means, e.g. "probability that the transaction is fraud". */
    semantics: z.string().min(1),
    /** Scores at or above it are positives (used for precision/recall and by consumers). */
    threshold: z.number().min(0).max(1),
  }),
  metrics: z.record(z.string(), z.number()),
  training_data: z.object({
    from: z.string().datetime(),
    to: z.string().datetime(),
    rows: z.number().int().nonnegative(),
    positives: z.number().int().nonnegative(),
    /** Where the rows came from (e.g. the ClickHouse database and the query's idea). */
    source: z.string().min(1),
  }),
  code_revision: z.string().min(1),
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  reference_profiles: z.array(featureProfileSchema),
  golden_examples: z.array(goldenExampleSchema).min(1),
});

export type ModelCardInput = z.input<typeof modelCardInputSchema>;
export type InputFeature = z.output<typeof inputFeatureSchema>;
export type FeatureProfile = z.output<typeof featureProfileSchema>;
export type GoldenExample = z.output<typeof goldenExampleSchema>;

/** A registered, immutable model version. */
export type ModelCard = z.output<typeof modelCardInputSchema> & {
  readonly name: string;
  readonly version: string;
  readonly artifact: { readonly uri: string; readonly sha256: string; readonly bytes: number };
  readonly registered_at: string;
  readonly registered_by: string;
};

export const isModelName = (name: string): boolean => NAME.test(name);

/** `"<view>:v<version>:<feature>"`: how feature-store's `POST /v1/features/vector` names an input. */
export const featureReference = (input: InputFeature): string => `${input.view}:v${input.version}:${input.feature}`;

/** The single view version every input comes from, or undefined when the inputs span views (online scoring only). */
export function streamView(card: Pick<ModelCard, 'inputs'>): { readonly view: string; readonly version: number } | undefined {
  const [first, ...rest] = card.inputs.features;
  if (first === undefined) return undefined;
  return rest.every((f) => f.view === first.view && f.version === first.version) ? { view: first.view, version: first.version } : undefined;
}
