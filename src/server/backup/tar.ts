/**
 * A small ustar (POSIX.1-1988) tar writer and reader, both streamed: an entry goes out as its
 * bytes are read and comes in one chunk at a time, so an archive never sits in memory. Only
 * regular files are written (sizes over 8 GiB in the base-256 form GNU tar and bsdtar read).
 * The reader checks every header's checksum and fails on an archive that ends early (no end
 * marker, an entry cut short), so whoever reads an archive through can trust it was whole.
 */

const BLOCK = 512;
const MAX_OCTAL_SIZE = 8 ** 11;

export class TarFormatError extends Error {
  override name = "TarFormatError";
}

export interface TarEntryIn {
  /** A relative path with `/` separators, at most 255 bytes. */
  name: string;
  size: number;
  mtime?: Date;
  body: AsyncIterable<Uint8Array> | Uint8Array;
}

export interface TarEntryOut {
  name: string;
  size: number;
  /** The entry's bytes; whatever the caller leaves unread is skipped. */
  body: AsyncGenerator<Buffer>;
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(value.toString(8).padStart(length - 1, "0"), offset, length - 1, "ascii");
  block[offset + length - 1] = 0;
}

function splitName(name: string): { name: Buffer; prefix: Buffer } {
  const whole = Buffer.from(name, "utf8");
  if (whole.length <= 100) return { name: whole, prefix: Buffer.alloc(0) };
  for (let i = name.indexOf("/"); i !== -1; i = name.indexOf("/", i + 1)) {
    const prefix = Buffer.from(name.slice(0, i), "utf8");
    const rest = Buffer.from(name.slice(i + 1), "utf8");
    if (prefix.length <= 155 && rest.length <= 100 && rest.length > 0) {
      return { name: rest, prefix };
    }
  }
  throw new TarFormatError(`tar entry name too long: ${name}`);
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
  return sum;
}

export function tarHeader(entry: { name: string; size: number; mtime?: Date }): Buffer {
  if (!Number.isSafeInteger(entry.size) || entry.size < 0) {
    throw new TarFormatError(`invalid tar entry size: ${entry.size}`);
  }
  const block = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(entry.name);
  name.copy(block, 0);
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  if (entry.size < MAX_OCTAL_SIZE) {
    writeOctal(block, 124, 12, entry.size);
  } else {
    // base-256: the first byte's high bit set, the size big-endian in the rest of the field
    block[124] = 0x80;
    let rest = entry.size;
    for (let i = 135; i > 124; i--) {
      block[i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
  }
  writeOctal(block, 136, 12, Math.floor((entry.mtime ?? new Date()).getTime() / 1000));
  block.write("0", 156, "ascii");
  block.write("ustar\0", 257, "ascii");
  block.write("00", 263, "ascii");
  prefix.copy(block, 345);
  const sum = checksum(block);
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return block;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** The archive's bytes, entry by entry, ending with the two empty blocks of the end marker. */
export async function* writeTar(
  entries: AsyncIterable<TarEntryIn> | Iterable<TarEntryIn>,
): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    yield tarHeader(entry);
    let written = 0;
    if (entry.body instanceof Uint8Array) {
      written = entry.body.length;
      if (written === entry.size) yield Buffer.from(entry.body);
    } else {
      for await (const chunk of entry.body) {
        written += chunk.length;
        if (written > entry.size) break;
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      }
    }
    if (written !== entry.size) {
      throw new TarFormatError(
        `tar entry ${entry.name}: ${written} bytes read, ${entry.size} announced`,
      );
    }
    const pad = padding(entry.size);
    if (pad > 0) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** Bytes pulled from a stream of chunks, on demand. */
class ByteSource {
  private pending: Buffer = Buffer.alloc(0);
  private readonly iterator: AsyncIterator<Uint8Array>;
  private ended = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return true;
  }

  /** Exactly `n` bytes; null at the end of the stream; an error when it ends within them. */
  async take(n: number): Promise<Buffer | null> {
    while (this.pending.length < n) {
      if (!(await this.pull())) {
        if (this.pending.length === 0) return null;
        throw new TarFormatError("the archive ends in the middle of a block");
      }
    }
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return out;
  }

  /** Up to `max` bytes (at least one); an error when the stream has ended. */
  async some(max: number): Promise<Buffer> {
    if (this.pending.length === 0 && !(await this.pull())) {
      throw new TarFormatError("the archive ends in the middle of an entry");
    }
    const n = Math.min(max, this.pending.length);
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return out;
  }

  /** Read to the end of the stream (whatever follows the end marker: tar pads with zeros). */
  async drain(): Promise<void> {
    this.pending = Buffer.alloc(0);
    while (await this.pull()) this.pending = Buffer.alloc(0);
  }
}

const isZero = (block: Buffer) => block.every((b) => b === 0);

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString("utf8");
}

function readSize(block: Buffer): number {
  if (((block[124] as number) & 0x80) !== 0) {
    let size = 0;
    for (let i = 125; i < 136; i++) size = size * 256 + (block[i] as number);
    return size;
  }
  const text = readString(block, 124, 12).trim();
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError("invalid size in a tar header");
  return Number.parseInt(text, 8);
}

/**
 * The regular files of an archive, in order. Directories are skipped; links, devices and
 * extended headers are refused. Throws TarFormatError on a damaged or incomplete archive.
 */
export async function* readTar(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntryOut> {
  const bytes = new ByteSource(source);
  for (;;) {
    const block = await bytes.take(BLOCK);
    if (block === null) throw new TarFormatError("the archive ends without its end marker");
    if (isZero(block)) {
      const second = await bytes.take(BLOCK);
      if (second === null || !isZero(second)) {
        throw new TarFormatError("the archive ends without its end marker");
      }
      await bytes.drain();
      return;
    }
    const stored = Number.parseInt(readString(block, 148, 8).trim(), 8);
    if (stored !== checksum(block)) throw new TarFormatError("a tar header's checksum is wrong");
    if (!readString(block, 257, 6).startsWith("ustar")) {
      throw new TarFormatError("not a ustar archive");
    }
    const type = String.fromCharCode(block[156] as number);
    const name = [readString(block, 345, 155), readString(block, 0, 100)]
      .filter((part) => part !== "")
      .join("/");
    const size = readSize(block);
    if (type !== "0" && type !== "\0" && type !== "5") {
      throw new TarFormatError(`unsupported tar entry type "${type}" for ${name}`);
    }
    let remaining = size;
    if (type !== "5") {
      const body = (async function* () {
        while (remaining > 0) {
          const chunk = await bytes.some(remaining);
          remaining -= chunk.length;
          yield chunk;
        }
      })();
      yield { name, size, body };
    }
    while (remaining > 0) remaining -= (await bytes.some(remaining)).length;
    const pad = padding(size);
    if (pad > 0 && (await bytes.take(pad)) === null) {
      throw new TarFormatError("the archive ends in the middle of an entry");
    }
  }
}
