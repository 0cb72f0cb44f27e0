import { findView } from '@mlops/features';
import type { ModelSignature } from '@mlops/onnx';
import type { ModelCardInput } from './model-card';

/**
 * Why an artifact cannot serve the card's inputs and output, one line each (empty when it can):
 * the input tensor must be float32 [batch, <number of card features>], the output float32
 * [batch, 1] or [batch], and every feature must exist in its view version.
 */
export function signatureProblems(
  signature: ModelSignature,
  card: Pick<ModelCardInput, 'inputs' | 'output' | 'golden_examples'>,
): string[] {
  const problems: string[] = [];
  const width = card.inputs.features.length;
  const input = signature.inputs.find((t) => t.name === card.inputs.tensor);
  if (input === undefined) {
    const names = signature.inputs.map((t) => `"${t.name}"`).join(', ');
    problems.push(`input tensor "${card.inputs.tensor}" of the card is not an input of the model (model inputs: ${names || 'none'})`);
  } else {
    if (input.type !== 'float32') problems.push(`input "${input.name}" is ${input.type}, expected float32`);
    const featureDim = input.dims[1];
    if (input.dims.length !== 2) problems.push(`input "${input.name}" has shape [${describeDims(input.dims)}], expected [batch, ${width}]`);
    else if (featureDim !== width)
      problems.push(
        `input "${input.name}" takes ${typeof featureDim === 'number' ? featureDim : `"${String(featureDim)}"`} features per row, ` +
          `the card lists ${width}`,
      );
  }
  if (signature.inputs.length > 1)
    problems.push(`the model has ${signature.inputs.length} inputs; one [batch, features] input is supported`);
  const output = signature.outputs.find((t) => t.name === card.output.tensor);
  if (output === undefined) {
    const names = signature.outputs.map((t) => `"${t.name}"`).join(', ');
    problems.push(`output tensor "${card.output.tensor}" of the card is not an output of the model (model outputs: ${names || 'none'})`);
  } else {
    if (output.type !== 'float32') problems.push(`output "${output.name}" is ${output.type}, expected float32`);
    const perRow = output.dims.slice(1);
    if (output.dims.length < 1 || output.dims.length > 2 || (perRow.length === 1 && perRow[0] !== 1))
      problems.push(`output "${output.name}" has shape [${describeDims(output.dims)}], expected [batch, 1]`);
  }
  card.inputs.features.forEach((f, i) => {
    const view = findView(f.view, f.version);
    if (view === undefined) problems.push(`inputs.features[${i}]: view ${f.view} v${f.version} is not defined`);
    else if (!view.outputNames.includes(f.feature))
      problems.push(`inputs.features[${i}]: ${f.view} v${f.version} has no feature "${f.feature}"`);
  });
  card.golden_examples.forEach((example, i) => {
    if (example.inputs.length !== width)
      problems.push(`golden_examples[${i}] has ${example.inputs.length} inputs, the card lists ${width} features`);
  });
  return problems;
}

const describeDims = (dims: readonly (number | string | null)[]): string => dims.map((d) => (d === null ? '?' : String(d))).join(', ');
