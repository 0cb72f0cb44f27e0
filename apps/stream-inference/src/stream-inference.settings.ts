/** stream-inference's own settings, from its environment (see stream-inference.config.ts). */
export interface InferenceSettings {
  /** Models this instance scores and logs (registry names). @default ["card_fraud"] */
  readonly models: readonly string[];
  /** Feature views whose topics (`features.<view>`) this instance scores. @default ["user_transactions"] */
  readonly views: readonly string[];
  /** Root of the local artifact store: `<dir>/<model>/versions/<n>/{model.onnx,card.json}`. @default .run/models */
  readonly registryDir: string;
  /** Most feature vectors scored in one ONNX run; a larger partition batch is cut into runs of this size. @default 256 */
  readonly maxBatch: number;
  /**
   * Longest the broker holds a fetch while no vector is waiting. A fetch returns as soon as any
   * vector is there, so this bounds idle polling, not latency: a batch is what arrived while the
   * previous one was scored. @default 100 (ms)
   */
  readonly maxWaitMs: number;
  /** ONNX Runtime intra-op threads per session. @default 1 */
  readonly ortThreads: number;
  /** Partitions of the feature topics scored at once. @default 3 */
  readonly partitionsConsumedConcurrently: number;
  /** feature-store's base URL, read by `POST /v1/predict`. @default http://127.0.0.1:3003 */
  readonly featureStoreUrl: string;
  /** Prediction log batches into ClickHouse: most rows and longest wait. @default 10000 rows, 200 ms */
  readonly logMaxRows: number;
  readonly logMaxDelayMs: number;
  /** Largest artifact accepted by `POST /v1/models/:name/versions` (base64 in JSON). @default 64 MiB */
  readonly maxArtifactBytes: number;
}

export const INFERENCE_SETTINGS = Symbol('INFERENCE_SETTINGS');
