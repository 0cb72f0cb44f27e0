import { DlqHeaders, Topics, dlqTopic, featureTopic, predictionTopic, valueSubject } from './topics';

const invalidNames: [string][] = [
  [''],
  ['Card'],
  ['1view'],
  ['_view'],
  ['-view'],
  ['card.spend'],
  ['card spend'],
  ['card/spend'],
  ['x'.repeat(101)],
];

describe('Topics', () => {
  it('names every fixed topic once', () => {
    const names = Object.values(Topics);

    expect(new Set(names).size).toBe(names.length);
  });
});

describe(featureTopic.name, () => {
  it('prefixes the view name with features.', () => {
    expect(featureTopic('card_spend')).toBe('features.card_spend');
  });

  it.each([['a'], ['v2'], ['card-spend_1h'], ['x'.repeat(100)]])('accepts view name %j', (name) => {
    expect(featureTopic(name)).toBe(`features.${name}`);
  });

  it.each(invalidNames)('refuses view name %j, quoting it', (name) => {
    expect(() => featureTopic(name)).toThrow(`invalid feature view name "${name}"`);
  });
});

describe(predictionTopic.name, () => {
  it('prefixes the model name with predictions.', () => {
    expect(predictionTopic('fraud')).toBe('predictions.fraud');
  });

  it.each(invalidNames)('refuses model name %j, quoting it', (name) => {
    expect(() => predictionTopic(name)).toThrow(`invalid model name "${name}"`);
  });
});

describe(dlqTopic.name, () => {
  it('appends .dlq to the topic', () => {
    expect(dlqTopic(Topics.transactions)).toBe('events.transactions.dlq');
    expect(dlqTopic(featureTopic('card_spend'))).toBe('features.card_spend.dlq');
  });
});

describe(valueSubject.name, () => {
  it('follows the TopicNameStrategy: <topic>-value', () => {
    expect(valueSubject(Topics.modelLifecycle)).toBe('models.lifecycle-value');
    expect(valueSubject(predictionTopic('fraud'))).toBe('predictions.fraud-value');
  });
});

describe('DlqHeaders', () => {
  it('uses distinct header names under the dlq. prefix', () => {
    const names = Object.values(DlqHeaders);

    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^dlq\./);
  });
});
