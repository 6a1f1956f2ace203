// resolveEngineOptions: defaults, path normalization, and a TypeError naming each nonsensical option.
import http from 'node:http';
import { expect } from 'chai';
import { ManualClock, systemClock } from '@rtio/protocol';
import { DEFAULT_ENGINE_OPTIONS, EngineServer, resolveEngineOptions, type EngineOptions } from '../../src/engine/index.js';

describe('engine options', () => {
  it('has the documented defaults', () => {
    expect(resolveEngineOptions({})).to.deep.equal({
      path: '/rt/',
      transports: ['polling', 'websocket'],
      allowUpgrades: true,
      pingInterval: 25000,
      pingTimeout: 20000,
      upgradeTimeout: 10000,
      maxHttpBufferSize: 1e6,
      maxBufferedBytes: 10 * 1024 * 1024,
      cors: undefined,
      perMessageDeflate: false,
      httpCompression: true,
      destroyUpgrade: true,
      destroyUpgradeTimeout: 1000,
      cookie: false,
      allowEIO3: false,
      clock: systemClock,
    });
    expect(Object.isFrozen(DEFAULT_ENGINE_OPTIONS)).to.equal(true);
    expect(new EngineServer().options.path).to.equal('/rt/');
  });

  it('normalizes the path and keeps given values, ignoring undefined ones', () => {
    const clock = new ManualClock();
    const options = resolveEngineOptions({ path: 'live', pingInterval: 5, clock, transports: ['websocket', 'websocket'], pingTimeout: undefined });
    expect(options).to.include({ path: '/live/', pingInterval: 5, clock, pingTimeout: 20000 });
    expect(options.transports).to.deep.equal(['websocket']);
    expect(resolveEngineOptions({ path: '/a/b' }).path).to.equal('/a/b/');
    expect(resolveEngineOptions({ path: '/' }).path).to.equal('/');
  });

  it('does not share arrays with the caller or the defaults', () => {
    const transports: EngineOptions['transports'] = ['polling'];
    const options = resolveEngineOptions({ transports });
    transports.push('websocket');
    expect(options.transports).to.deep.equal(['polling']);
    expect(resolveEngineOptions({}).transports).to.not.equal(DEFAULT_ENGINE_OPTIONS.transports);
  });

  const nonsense: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an empty path', { path: '' }, /path must be a non-empty string/],
    ['a path with a query', { path: '/rt/?x=1' }, /path must not contain/],
    ['a number path', { path: 42 }, /path must be a non-empty string/],
    ['no transports', { transports: [] }, /transports must be a non-empty array/],
    ['an unknown transport', { transports: ['polling', 'webtransport'] }, /transports may only contain/],
    ['a negative pingInterval', { pingInterval: -1 }, /pingInterval must be a positive finite number/],
    ['an infinite pingTimeout', { pingTimeout: Infinity }, /pingTimeout must be a positive finite number/],
    ['a huge upgradeTimeout', { upgradeTimeout: 2 ** 40 }, /upgradeTimeout must be at most/],
    ['a string maxHttpBufferSize', { maxHttpBufferSize: '1mb' }, /maxHttpBufferSize must be a positive finite number/],
    ['a zero maxBufferedBytes', { maxBufferedBytes: 0 }, /maxBufferedBytes must be a positive finite number/],
    ['a non-boolean allowUpgrades', { allowUpgrades: 'yes' }, /allowUpgrades must be a boolean/],
    ['a non-function allowRequest', { allowRequest: true }, /allowRequest must be a function/],
    ['a string perMessageDeflate', { perMessageDeflate: 'on' }, /perMessageDeflate must be a boolean/],
    ['a negative compression threshold', { httpCompression: { threshold: -5 } }, /httpCompression.threshold must be/],
    ['a clock without timers', { clock: { now: () => 0 } }, /clock must implement/],
    ['a string cors', { cors: '*' }, /cors must be an options object/],
    ['a string cookie', { cookie: 'io' }, /cookie must be true, false or cookie options/],
    ['a string allowEIO3', { allowEIO3: 'yes' }, /allowEIO3 must be a boolean/],
    ['a numeric cors.origin', { cors: { origin: 5 } }, /cors.origin must be/],
    ['non-string cors.methods', { cors: { methods: [1] } }, /cors.methods must be an array of strings/],
    ['a negative cors.maxAge', { cors: { maxAge: -1 } }, /cors.maxAge must be/],
  ];
  for (const [title, partial, message] of nonsense) {
    it(`rejects ${title} with a TypeError`, () => {
      expect(() => resolveEngineOptions(partial as Partial<EngineOptions>)).to.throw(TypeError, message);
    });
  }

  it('rejects a second attach and attach after close', () => {
    const server = http.createServer();
    const engine = new EngineServer();
    engine.attach(server);
    expect(() => engine.attach(server)).to.throw(/already attached/);
    engine.close();
    expect(() => engine.attach(server)).to.throw(/closed/);
  });
});
