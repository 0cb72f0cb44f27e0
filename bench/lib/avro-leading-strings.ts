/**
 * The first `count` fields of a Confluent-framed Avro record (magic byte 0, 4-byte schema id, then
 * the body), read as strings without the schema: valid only when those fields are strings, as
 * `event_id`, `entity_id`, `model_name` and `model_version` lead `Prediction`, and `event_id` leads
 * `FeatureVector`. A measuring consumer reads thousands of messages a second on the same cores as
 * the system it measures; a full decode would cost it far more than this. Check the result against
 * the schema-aware decoder before relying on it.
 */
export function leadingAvroStrings(value: Buffer, count: number): string[] {
  if (value[0] !== 0) throw new Error(`not a Confluent-framed Avro value (first byte ${value[0]})`);
  const strings: string[] = [];
  let offset = 5;
  for (let field = 0; field < count; field += 1) {
    // A string is its byte length as a zig-zag varint, then UTF-8 bytes.
    let raw = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = value[offset] ?? 0;
      offset += 1;
      raw += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && shift < 35);
    const length = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    if (length < 0 || offset + length > value.length) throw new Error(`field ${field} is not a string (length ${length})`);
    strings.push(value.toString('utf8', offset, offset + length));
    offset += length;
  }
  return strings;
}
