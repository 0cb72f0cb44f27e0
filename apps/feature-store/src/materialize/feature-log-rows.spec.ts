import { featureLogRow } from './feature-log-rows';

describe(featureLogRow.name, () => {
  it('maps a vector onto the feature_log columns, with second-precision DateTime text and exact ms', () => {
    const row = featureLogRow(
      {
        event_id: 'tx-1',
        view: 'user_transactions',
        view_version: 1,
        entity_id: 'u1',
        event_time: 1_767_225_601_999,
        computed_at: 1_767_225_602_050,
        values: [1.5, null, 0.1 + 0.2],
      },
      '2026-01-01 00:00:05',
    );
    expect(row).toEqual({
      view: 'user_transactions',
      view_version: 1,
      entity_id: 'u1',
      event_id: 'tx-1',
      event_time: '2026-01-01 00:00:01',
      event_time_ms: 1_767_225_601_999,
      computed_at_ms: 1_767_225_602_050,
      feature_values: [1.5, null, 0.30000000000000004],
      logged_at: '2026-01-01 00:00:05',
    });
  });
});
