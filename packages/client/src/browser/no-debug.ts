// Stands in for the `debug` package in the browser builds without logs (scripts/build-browser-bundle.mjs):
// every log call there is behind `if (LOGS)`, which is false, so nothing calls it.
const createDebug = (_namespace: string) => (..._args: unknown[]): void => {};
export default createDebug;
