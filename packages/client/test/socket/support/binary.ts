// Binary payloads of every kind a client may send, and a byte-level view to compare what arrived.

/** The bytes of a Buffer, ArrayBuffer or ArrayBufferView; throws on anything else. */
export function bytes(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`not binary: ${Object.prototype.toString.call(value)}`);
}

/** One of each binary kind, plus a nested one; `expected` is the bytes each should arrive as. */
export function samples() {
  const buffer = Buffer.from([1, 2, 3, 255]);
  const arrayBuffer = new Uint8Array([4, 5, 6]).buffer;
  const uint8 = new Uint8Array([7, 8]);
  const float32 = new Float32Array([1.5, -2]);
  // a view into the middle of a larger buffer: only its own bytes may travel
  const slice = new Uint16Array(new Uint16Array([9, 10, 11, 12]).buffer, 2, 2);
  const nested = { deep: { list: [Buffer.from('nested'), 'text', { again: new Uint8Array([0]) }] } };
  return {
    args: [buffer, arrayBuffer, uint8, float32, slice, nested] as const,
    expected: [bytes(buffer), bytes(arrayBuffer), bytes(uint8), bytes(float32), bytes(slice)],
  };
}

/** Checks args received for `samples().args`: five binaries then the nested object, compared byte by byte. */
export function checkSamples(received: unknown[], expected: Buffer[]): void {
  if (received.length !== 6) throw new Error(`expected 6 arguments, got ${received.length}`);
  expected.forEach((want, i) => {
    const got = bytes(received[i]);
    if (!got.equals(want)) throw new Error(`argument ${i}: got ${got.toString('hex')}, want ${want.toString('hex')}`);
  });
  const nested = received[5] as { deep: { list: [unknown, unknown, { again: unknown }] } };
  if (!bytes(nested.deep.list[0]).equals(Buffer.from('nested'))) throw new Error('nested buffer differs');
  if (nested.deep.list[1] !== 'text') throw new Error('nested text differs');
  if (!bytes(nested.deep.list[2].again).equals(Buffer.from([0]))) throw new Error('nested typed array differs');
}
