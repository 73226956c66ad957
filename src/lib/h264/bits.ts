/**
 * H.264 bit-level reading and writing (pure): emulation prevention, fixed-width and Exp-Golomb
 * codes (ITU-T H.264 7.2, 7.4.1 and 9.1), and the NAL units of a length-prefixed access unit.
 * Used to read slice headers and write small NAL units.
 */

/** Splits a length-prefixed access unit into its NAL units. */
export function nalUnits(unit: Buffer, lengthSize: number): Buffer[] {
  const units: Buffer[] = [];
  for (let position = 0; position + lengthSize <= unit.length; ) {
    const length = unit.readUIntBE(position, lengthSize);
    units.push(unit.subarray(position + lengthSize, position + lengthSize + length));
    position += lengthSize + length;
  }
  return units;
}

/** The RBSP of a NAL unit payload: emulation prevention bytes (00 00 03) removed. */
export function unescapeRbsp(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(data.length);
  let length = 0;
  let zeros = 0;
  for (const byte of data) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    zeros = byte === 0 ? zeros + 1 : 0;
    out[length++] = byte;
  }
  return out.subarray(0, length);
}

/** A NAL unit payload from an RBSP: 03 inserted wherever 00 00 precedes a byte of 0 to 3. */
export function escapeRbsp(rbsp: Uint8Array): Buffer {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Buffer.from(out);
}

export class BitstreamError extends Error {
  override name = 'BitstreamError';
}

export class BitReader {
  private position = 0;
  constructor(private readonly data: Uint8Array) {}

  bit(): number {
    if (this.position >= this.data.length * 8) throw new BitstreamError('read past the end');
    const value = (this.data[this.position >> 3]! >> (7 - (this.position & 7))) & 1;
    this.position++;
    return value;
  }

  flag(): boolean {
    return this.bit() === 1;
  }

  /** u(n), n ≤ 32. */
  bits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) value = value * 2 + this.bit();
    return value;
  }

  /** ue(v). */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      if (++zeros > 31) throw new BitstreamError('Exp-Golomb code longer than 32 bits');
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  /** se(v). */
  se(): number {
    const code = this.ue();
    return code % 2 === 1 ? (code + 1) / 2 : 0 - code / 2;
  }
}

export class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;

  bit(value: number | boolean): this {
    this.current = (this.current << 1) | (value ? 1 : 0);
    if (++this.used === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.used = 0;
    }
    return this;
  }

  /** u(n), n ≤ 32. */
  bits(value: number, count: number): this {
    for (let i = count - 1; i >= 0; i--) this.bit(Math.floor(value / 2 ** i) % 2);
    return this;
  }

  ue(value: number): this {
    const code = value + 1;
    const length = Math.floor(Math.log2(code));
    this.bits(0, length);
    return this.bits(code, length + 1);
  }

  se(value: number): this {
    return this.ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** rbsp_trailing_bits(): the stop bit, then zeros to the byte boundary; returns the RBSP. */
  finish(): Buffer {
    this.bit(1);
    while (this.used !== 0) this.bit(0);
    return Buffer.from(this.bytes);
  }
}
