import { userTransactionsV1 } from '@mlops/features';
import { logisticRegressionOnnx, readSignature, type ModelSignature, type TensorInfo } from '@mlops/onnx';
import type { ModelCardInput } from './model-card';
import { signatureProblems } from './signature-check';

type CheckedCard = Pick<ModelCardInput, 'inputs' | 'output' | 'golden_examples'>;

const view = userTransactionsV1;
const WIDTH = view.outputNames.length;

/** The signature of a logistic regression built for `width` features. */
const builtSignature = (width: number, inputName = 'features', outputName = 'score'): ModelSignature =>
  readSignature(
    logisticRegressionOnnx({
      inputName,
      outputName,
      weights: new Array<number>(width).fill(0.1),
      bias: 0,
      center: new Array<number>(width).fill(0),
      scale: new Array<number>(width).fill(1),
    }),
  );

/** A hand-built signature: one input and one output, float32 [batch, WIDTH] → [batch, 1] unless overridden. */
const signature = (overrides: { inputs?: TensorInfo[]; outputs?: TensorInfo[] } = {}): ModelSignature => ({
  inputs: overrides.inputs ?? [{ name: 'features', type: 'float32', dims: ['batch', WIDTH] }],
  outputs: overrides.outputs ?? [{ name: 'score', type: 'float32', dims: ['batch', 1] }],
  opset: 13,
  producer: 'spec',
});

/** Every user_transactions v1 feature in view order, one golden example of the right length. */
const card = (overrides: Partial<CheckedCard> = {}): CheckedCard => ({
  inputs: { tensor: 'features', features: view.outputNames.map((feature) => ({ view: view.name, version: view.version, feature })) },
  output: { tensor: 'score', semantics: 'probability of fraud', threshold: 0.5 },
  golden_examples: [{ inputs: new Array<number | null>(WIDTH).fill(0), score: 0.5 }],
  ...overrides,
});

describe(signatureProblems.name, () => {
  it('finds nothing wrong with a model built for the card', () => {
    expect(signatureProblems(builtSignature(WIDTH), card())).toEqual([]);
  });

  it('accepts a [batch] output like a [batch, 1] one', () => {
    expect(signatureProblems(signature({ outputs: [{ name: 'score', type: 'float32', dims: ['batch'] }] }), card())).toEqual([]);
  });

  it('names the input tensor the card expects and the ones the model has', () => {
    expect(signatureProblems(builtSignature(WIDTH, 'x'), card())).toEqual([
      'input tensor "features" of the card is not an input of the model (model inputs: "x")',
    ]);
    expect(signatureProblems(signature({ inputs: [] }), card())).toEqual([
      'input tensor "features" of the card is not an input of the model (model inputs: none)',
    ]);
  });

  it('compares the width of the model with the number of card features', () => {
    expect(signatureProblems(builtSignature(5), card())).toEqual([`input "features" takes 5 features per row, the card lists ${WIDTH}`]);
  });

  it('refuses a symbolic feature dimension', () => {
    const symbolic = signature({ inputs: [{ name: 'features', type: 'float32', dims: ['batch', 'n'] }] });

    expect(signatureProblems(symbolic, card())).toEqual([`input "features" takes "n" features per row, the card lists ${WIDTH}`]);
  });

  it('refuses an input that is not two-dimensional, showing unknown dims as "?"', () => {
    const cube = signature({ inputs: [{ name: 'features', type: 'float32', dims: [null, WIDTH, 1] }] });

    expect(signatureProblems(cube, card())).toEqual([`input "features" has shape [?, ${WIDTH}, 1], expected [batch, ${WIDTH}]`]);
  });

  it('refuses a non-float input', () => {
    const ints = signature({ inputs: [{ name: 'features', type: 'int64', dims: ['batch', WIDTH] }] });

    expect(signatureProblems(ints, card())).toEqual(['input "features" is int64, expected float32']);
  });

  it('refuses a model with more than one input', () => {
    const two = signature({
      inputs: [
        { name: 'features', type: 'float32', dims: ['batch', WIDTH] },
        { name: 'mask', type: 'bool', dims: ['batch', WIDTH] },
      ],
    });

    expect(signatureProblems(two, card())).toEqual(['the model has 2 inputs; one [batch, features] input is supported']);
  });

  it('names the output tensor the card expects and the ones the model has', () => {
    expect(signatureProblems(builtSignature(WIDTH, 'features', 'probability'), card())).toEqual([
      'output tensor "score" of the card is not an output of the model (model outputs: "probability")',
    ]);
  });

  it.each([
    [['batch', 2], 'batch, 2'],
    [['batch', 1, 1], 'batch, 1, 1'],
    [[], ''],
  ] as const)('refuses an output of shape %p', (dims, shown) => {
    const wrong = signature({ outputs: [{ name: 'score', type: 'float32', dims }] });

    expect(signatureProblems(wrong, card())).toEqual([`output "score" has shape [${shown}], expected [batch, 1]`]);
  });

  it('refuses a non-float output', () => {
    const doubles = signature({ outputs: [{ name: 'score', type: 'float64', dims: ['batch', 1] }] });

    expect(signatureProblems(doubles, card())).toEqual(['output "score" is float64, expected float32']);
  });

  it('refuses inputs from unknown views, view versions and features, by position', () => {
    const features = card().inputs.features.map((f) => ({ ...f }));
    features[0] = { view: 'nope', version: 1, feature: 'tx_count_10m' };
    features[1] = { view: view.name, version: 2, feature: 'tx_count_1h' };
    features[2] = { view: view.name, version: 1, feature: 'nope' };

    expect(signatureProblems(signature(), card({ inputs: { tensor: 'features', features } }))).toEqual([
      'inputs.features[0]: view nope v1 is not defined',
      'inputs.features[1]: view user_transactions v2 is not defined',
      'inputs.features[2]: user_transactions v1 has no feature "nope"',
    ]);
  });

  it('refuses golden examples whose length is not the number of card features', () => {
    const golden = [
      { inputs: new Array<number | null>(WIDTH).fill(null), score: 0.5 },
      { inputs: [1, 2, 3], score: 0.5 },
    ];

    expect(signatureProblems(signature(), card({ golden_examples: golden }))).toEqual([
      `golden_examples[1] has 3 inputs, the card lists ${WIDTH} features`,
    ]);
  });

  it('lists every problem at once', () => {
    const wrong = signature({
      inputs: [{ name: 'features', type: 'float64', dims: ['batch', 3] }],
      outputs: [{ name: 'y', type: 'float32', dims: ['batch', 1] }],
    });

    expect(signatureProblems(wrong, card({ golden_examples: [{ inputs: [0], score: 0 }] }))).toEqual([
      'input "features" is float64, expected float32',
      `input "features" takes 3 features per row, the card lists ${WIDTH}`,
      'output tensor "score" of the card is not an output of the model (model outputs: "y")',
      `golden_examples[0] has 1 inputs, the card lists ${WIDTH} features`,
    ]);
  });
});
