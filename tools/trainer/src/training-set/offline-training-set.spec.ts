import { userTransactionsV1 } from '@mlops/features';
import { offlineTrainingSetArgs } from './offline-training-set';

describe(offlineTrainingSetArgs.name, () => {
  it('asks the offline tool for the labelled rows of the view as NDJSON', () => {
    expect(offlineTrainingSetArgs({ view: userTransactionsV1, database: 'mlops', namespace: 'demo', out: '/tmp/set.ndjson' })).toEqual([
      '-r',
      '@swc-node/register',
      'tools/feature-offline/src/cli.ts',
      'training-set',
      '--view',
      'user_transactions',
      '--version',
      '1',
      '--database',
      'mlops',
      '--namespace',
      'demo',
      '--from-labels',
      '--format',
      'ndjson',
      '--out',
      '/tmp/set.ndjson',
    ]);
  });

  it('leaves the namespace to the tool when there is none', () => {
    expect(offlineTrainingSetArgs({ view: userTransactionsV1, database: 'db', namespace: '', out: 'o' })).not.toContain('--namespace');
  });
});
