/** Tests for parseTbfFooter and parseTbfFooters: every credential format and every error. */
import { describe, expect, it } from 'vitest';
import { parseTbfFooter, parseTbfFooters } from './footer.js';
import { ByteWriter, credentialFooter, reservedFooter } from './testing/index.js';
import { TbfFooterV2CredentialsType } from './types.js';

function pattern(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (index * 7 + seed) & 0xff);
}

describe('parseTbfFooter', () => {
  it.each([
    [TbfFooterV2CredentialsType.Rsa3072Key, 768],
    [TbfFooterV2CredentialsType.Rsa4096Key, 1024],
    [TbfFooterV2CredentialsType.SHA256, 32],
    [TbfFooterV2CredentialsType.SHA384, 48],
    [TbfFooterV2CredentialsType.SHA512, 64],
    [TbfFooterV2CredentialsType.EcdsaNistP256, 64],
  ])('reads format %i with %i data bytes', (format, length) => {
    const data = pattern(length, format);
    const result = parseTbfFooter(credentialFooter(format, data));
    expect(result.ok && result.value.credentials.format).toBe(format);
    expect(result.ok && [...result.value.credentials.data]).toEqual([...data]);
    expect(result.ok && result.value.length).toBe(4 + length);
  });

  it('reads a Reserved footer as no data and a long TLV length', () => {
    const result = parseTbfFooter(reservedFooter(100));
    expect(result).toEqual({
      ok: true,
      value: {
        credentials: { format: TbfFooterV2CredentialsType.Reserved, data: new Uint8Array(0) },
        length: 96,
      },
    });
  });

  it('gives only the format-sized data when the TLV has slack', () => {
    const result = parseTbfFooter(credentialFooter(TbfFooterV2CredentialsType.SHA256, pattern(32, 1), 12));
    expect(result.ok && result.value.credentials.data.length).toBe(32);
    expect(result.ok && result.value.length).toBe(48);
  });

  it('returns a view into the footer bytes, not a copy', () => {
    const bytes = credentialFooter(TbfFooterV2CredentialsType.SHA256, pattern(32, 3));
    const result = parseTbfFooter(bytes);
    expect(result.ok && result.value.credentials.data.buffer).toBe(bytes.buffer);
  });

  it('NotEnoughFlash for fewer than 4 bytes, a length past the end, or too little data', () => {
    expect(parseTbfFooter(new Uint8Array(3))).toEqual({ ok: false, error: { kind: 'NotEnoughFlash' } });
    const full = credentialFooter(TbfFooterV2CredentialsType.SHA256, pattern(32, 0));
    expect(parseTbfFooter(full.subarray(0, 20))).toEqual({ ok: false, error: { kind: 'NotEnoughFlash' } });
    const short = new ByteWriter().u16(128).u16(8).u32(TbfFooterV2CredentialsType.SHA256).u32(0).finish();
    expect(parseTbfFooter(short)).toEqual({ ok: false, error: { kind: 'NotEnoughFlash' } });
  });

  it('BadTlvEntry for a footer that is not a credential or has an unknown format', () => {
    const notCredential = new ByteWriter().u16(1).u16(12).bytes(new Uint8Array(12)).finish();
    expect(parseTbfFooter(notCredential)).toEqual({ ok: false, error: { kind: 'BadTlvEntry', tlvType: 1 } });
    for (const format of [7, 0x0a, 0xf1, 0xffffffff]) {
      expect(parseTbfFooter(credentialFooter(format, new Uint8Array(32)))).toEqual({
        ok: false,
        error: { kind: 'BadTlvEntry', tlvType: 128 },
      });
    }
    const noFormat = new ByteWriter().u16(128).u16(2).u16(0).finish();
    expect(parseTbfFooter(noFormat)).toEqual({ ok: false, error: { kind: 'BadTlvEntry', tlvType: 128 } });
  });
});

describe('parseTbfFooters', () => {
  it('walks every footer to the end of the region', () => {
    const sha = credentialFooter(TbfFooterV2CredentialsType.SHA256, pattern(32, 9));
    const ecdsa = credentialFooter(TbfFooterV2CredentialsType.EcdsaNistP256, pattern(64, 5));
    const region = new ByteWriter().bytes(sha).bytes(ecdsa).bytes(reservedFooter(24)).finish();
    const list = parseTbfFooters(region);
    expect(list.footers.map((footer) => footer.credentials.format)).toEqual([
      TbfFooterV2CredentialsType.SHA256,
      TbfFooterV2CredentialsType.EcdsaNistP256,
      TbfFooterV2CredentialsType.Reserved,
    ]);
    expect(list.offsets).toEqual([0, 40, 112]);
    expect(list.stoppedBy).toBeUndefined();
  });

  it('stops at the first footer that does not parse and says why', () => {
    const sha = credentialFooter(TbfFooterV2CredentialsType.SHA256, pattern(32, 9));
    const region = new ByteWriter().bytes(sha).u32(0xffffffff).u32(0).finish();
    const list = parseTbfFooters(region);
    expect(list.footers).toHaveLength(1);
    expect(list.stoppedBy).toEqual({ kind: 'BadTlvEntry', tlvType: 0xffff });
  });

  it('reports a plain padding tail shorter than a TLV as NotEnoughFlash', () => {
    const list = parseTbfFooters(new Uint8Array(2));
    expect(list).toEqual({ footers: [], offsets: [], stoppedBy: { kind: 'NotEnoughFlash' } });
  });

  it('returns nothing for an empty region', () => {
    expect(parseTbfFooters(new Uint8Array(0))).toEqual({ footers: [], offsets: [], stoppedBy: undefined });
  });
});
