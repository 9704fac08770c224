import { describe, expect, it } from 'vitest';
import { Codec, WireError } from '../../../kernel/wire/codec';
import { sign, verify } from '../../../kernel/wire/signature';

describe('Codec', () => {
  const key = 'secret-key';

  it('round-trips a signed message with identities and buffers', () => {
    const a = new Codec(key);
    const b = new Codec(key);
    const frames = a.encode('execute_request', { code: '1+1' }, { msg_id: 'p1' }, [Buffer.from('client')], { m: 1 }, [Buffer.from([1, 2])]);
    const msg = b.decode(frames);
    expect(msg.header.msg_type).toBe('execute_request');
    expect(msg.content).toEqual({ code: '1+1' });
    expect(msg.parent_header).toEqual({ msg_id: 'p1' });
    expect(msg.identities.map(String)).toEqual(['client']);
    expect(msg.buffers).toEqual([Buffer.from([1, 2])]);
  });

  it('refuses tampered, unsigned, wrongly keyed and replayed messages', () => {
    const frames = new Codec(key).encode('kernel_info_request', {}, undefined, []);
    const tampered = [...frames];
    tampered[5] = Buffer.from('{"code":"evil"}');
    expect(() => new Codec(key).decode(tampered)).toThrow(/invalid signature/);
    const unsigned = [...frames];
    unsigned[1] = Buffer.from('');
    expect(() => new Codec(key).decode(unsigned)).toThrow(/unsigned/);
    expect(() => new Codec('other').decode(frames)).toThrow(WireError);
    const c = new Codec(key);
    c.decode(frames);
    expect(() => c.decode(frames)).toThrow(/replayed/);
  });

  it('reports missing delimiters and short frame lists without parsing', () => {
    expect(() => new Codec(key).decode([Buffer.from('x')])).toThrow(/no "<IDS\|MSG>" delimiter/);
    expect(() => new Codec(key).decode([Buffer.from('<IDS|MSG>'), Buffer.from('s')])).toThrow(/got 1 frames/);
  });

  it('never puts the expected digest in an error', () => {
    const frames = new Codec(key).encode('kernel_info_request', {}, undefined, []);
    const bad = [...frames];
    bad[1] = Buffer.from('0'.repeat(64));
    const body = frames.slice(2, 6);
    try {
      new Codec(key).decode(bad);
    } catch (e) {
      expect((e as Error).message).not.toContain(sign(key, body));
    }
    expect(verify(key, sign(key, body), body)).toBe(true);
  });
});
