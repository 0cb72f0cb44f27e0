/** Something monitoring wants a person or a policy to act on. */
export const alertSchema = {
  type: 'record',
  name: 'Alert',
  namespace: 'mlops.monitoring',
  fields: [
    { name: 'alert_id', type: 'string' },
    { name: 'kind', type: { type: 'enum', name: 'AlertKind', symbols: ['drift', 'data_quality', 'performance'] } },
    { name: 'severity', type: { type: 'enum', name: 'Severity', symbols: ['info', 'warning', 'critical'] } },
    { name: 'model_name', type: 'string' },
    { name: 'feature', type: ['null', 'string'], default: null },
    { name: 'metric', type: 'string', doc: 'e.g. psi, ks, null_rate, auc.' },
    { name: 'value', type: 'double' },
    { name: 'threshold', type: 'double' },
    { name: 'window_start', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'window_end', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'detected_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
} as const;
