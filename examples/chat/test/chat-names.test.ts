// Names: NFKC-normalised, compared without case, and refused when they hide invisible or
// look-alike characters — the shared rule (public/chat-rules.js) and the server applying it.
import { expect } from 'chai';
import { checkName, NAME_ERRORS, nameKey } from '../public/chat-rules.js';
import { useChatHarness } from './chat-harness.js';

describe('examples/chat: names', () => {
  describe('checkName()', () => {
    it('normalises with NFKC, makes white space one space and trims', () => {
      expect(checkName('ａｌｉｃｅ')).to.deep.equal({ name: 'alice' });
      expect(checkName('  mary\u3000ann  ')).to.deep.equal({ name: 'mary ann' }); // ideographic space
      expect(checkName('Ｍａｒｉｅ\u00a0Ｃｕｒｉｅ')).to.deep.equal({ name: 'Marie Curie' });
      expect(checkName('ﬁona')).to.deep.equal({ name: 'fiona' }); // the fi ligature
      expect(checkName('José')).to.deep.equal({ name: 'José' });
      expect(checkName('Jose\u0301')).to.deep.equal({ name: 'José' }); // composed by NFKC
      expect(checkName('山田 花子')).to.deep.equal({ name: '山田 花子' });
      expect(checkName('❤️ fan')).to.deep.equal({ name: '❤️ fan' }); // U+FE0F after an emoji is fine
    });

    it('refuses invisible, control and direction characters anywhere, even at the ends', () => {
      const invisible = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u00ad', '\u180e', '\u3164', '\u115f', '\u2800', '\u034f', '\ufe00', '\ufe0f', '\u0007', '\n', '\t', '\u2028', '\u{e0041}'];
      for (const char of invisible) {
        const code = char.codePointAt(0)!.toString(16);
        expect(checkName(`alice${char}`), `alice + U+${code}`).to.deep.equal({ error: NAME_ERRORS.invisible });
        expect(checkName(`${char}alice`), `U+${code} + alice`).to.deep.equal({ error: NAME_ERRORS.invisible });
        expect(checkName(`al${char}ice`), `al + U+${code} + ice`).to.deep.equal({ error: NAME_ERRORS.invisible });
      }
    });

    it('refuses names mixing Latin, Greek and Cyrillic letters, and stacked accents', () => {
      expect(checkName('p\u0430ypal')).to.deep.equal({ error: NAME_ERRORS.mixedScripts }); // Cyrillic а
      expect(checkName('\u03bfscar')).to.deep.equal({ error: NAME_ERRORS.mixedScripts }); // Greek ο
      expect(checkName('Дмитрий')).to.deep.equal({ name: 'Дмитрий' });
      expect(checkName('x\u0301\u0302\u0303')).to.deep.equal({ error: NAME_ERRORS.marks });
      expect(checkName('x\u0301\u0302')).to.deep.equal({ name: 'x\u0301\u0302' });
    });

    it('counts length after normalising, in characters, and refuses what is not a string', () => {
      expect(checkName('x'.repeat(24))).to.deep.equal({ name: 'x'.repeat(24) });
      expect(checkName('😀'.repeat(24))).to.deep.equal({ name: '😀'.repeat(24) });
      for (const value of ['', '   ', 'x'.repeat(25), 'ｘ'.repeat(25), 42, null, undefined, ['alice'], 'z'.repeat(100_000)]) {
        expect(checkName(value), JSON.stringify(value)?.slice(0, 30)).to.deep.equal({ error: NAME_ERRORS.length });
      }
    });

    it('nameKey() is one key for every spelling of one name', () => {
      expect(new Set(['alice', 'ALICE', 'Alice', 'ａｌｉｃｅ', 'ＡＬＩＣＥ'].map(nameKey)).size).to.equal(1);
      expect(nameKey('alice')).to.not.equal(nameKey('alicia'));
    });
  });

  describe('the server', () => {
    const { start, connect, member } = useChatHarness();

    it('refuses alice with a zero-width space or a direction override instead of making a second alice', async () => {
      await start();
      await member('alice');
      const other = await connect();
      expect(await other.request('join', { name: 'alice\u200b' })).to.deep.equal({ error: NAME_ERRORS.invisible });
      expect(await other.request('join', { name: '\u202ealice' })).to.deep.equal({ error: NAME_ERRORS.invisible });
      expect(await other.request('join', { name: 'alice\ufeff' })).to.deep.equal({ error: NAME_ERRORS.invisible });
    });
  });
});
