/**
 * Derives the TypeScript type of an Avro schema declared `as const`, so each event type is
 * written once (the schema) and its type cannot drift from it. Covers what our contracts use:
 * primitives, logical types on primitives, records, enums, arrays, maps and unions.
 */
type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

type InferPrimitive<T extends AvroPrimitive> = T extends 'null'
  ? null
  : T extends 'boolean'
    ? boolean
    : T extends 'bytes'
      ? Buffer
      : T extends 'string'
        ? string
        : number;

type InferFields<F> = {
  -readonly [P in F as P extends { readonly name: infer N extends string } ? N : never]: P extends { readonly type: infer T }
    ? AvroInfer<T>
    : never;
};

export type AvroInfer<S> = S extends AvroPrimitive
  ? InferPrimitive<S>
  : S extends readonly (infer U)[]
    ? AvroInfer<U>
    : S extends { readonly type: 'record'; readonly fields: readonly (infer F)[] }
      ? InferFields<F>
      : S extends { readonly type: 'enum'; readonly symbols: readonly (infer E)[] }
        ? E
        : S extends { readonly type: 'array'; readonly items: infer I }
          ? AvroInfer<I>[]
          : S extends { readonly type: 'map'; readonly values: infer V }
            ? Record<string, AvroInfer<V>>
            : S extends { readonly type: infer P extends AvroPrimitive }
              ? InferPrimitive<P>
              : never;

/** The JSON shape of an Avro record schema, as registered with the schema registry. */
export interface AvroRecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly fields: readonly AvroField[];
}

export interface AvroField {
  readonly name: string;
  readonly type: unknown;
  readonly doc?: string;
  readonly default?: unknown;
}
