// Test helper: asserts that a call throws a ProtocolError with the given code.
import { expect } from 'chai';
import { ProtocolError, type ProtocolErrorCode } from '../src/index.js';

export function expectProtocolError(run: () => unknown, code: ProtocolErrorCode, message?: RegExp): ProtocolError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ProtocolError ${code}`).to.be.instanceOf(ProtocolError);
  const error = caught as ProtocolError;
  expect(error.code).to.equal(code);
  if (message) expect(error.message).to.match(message);
  return error;
}
