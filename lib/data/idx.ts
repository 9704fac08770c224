import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataFormatError } from '../errors';

/** An IDX array (the MNIST file format): its dimensions and unsigned bytes. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parses IDX bytes (gzip or raw): magic 0x0000 08 nd (unsigned bytes, nd dimensions), the
 * dimensions as big-endian uint32, then the data.
 * @param bytes - file contents.
 * @param name - shown in errors, e.g. the path.
 * @throws DataFormatError for a wrong magic number, a bad gzip stream or a truncated file.
 * @example
 * parseIdx(readFileSync('train-labels-idx1-ubyte.gz')).dims // [60000]
 */
export function parseIdx(bytes: Uint8Array, name = 'IDX data'): IdxArray {
  let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new DataFormatError(`${name}: corrupt gzip stream: ${(e as Error).message}. Re-copy the file.`, { cause: e });
    }
  }
  if (buf.length < 4) throw new DataFormatError(`${name}: ${buf.length} bytes is too short for an IDX header (4 bytes of magic number).`);
  const [z0, z1, type, nd] = [buf[0], buf[1], buf[2], buf[3]];
  if (z0 !== 0 || z1 !== 0 || type !== 0x08 || nd < 1 || nd > 4) {
    throw new DataFormatError(`${name}: wrong magic number 0x${buf.readUInt32BE(0).toString(16).padStart(8, '0')}: expected 0x000008NN (unsigned bytes, NN = 01…04 dimensions). Is this an IDX file such as train-images-idx3-ubyte?`);
  }
  const headerBytes = 4 + 4 * nd;
  if (buf.length < headerBytes) throw new DataFormatError(`${name}: truncated IDX header: ${nd} dimensions need ${headerBytes} bytes but the file has ${buf.length}.`);
  const dims = Array.from({ length: nd }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  if (buf.length < headerBytes + size) {
    throw new DataFormatError(`${name}: truncated IDX file: the header declares ${dims.join('×')} bytes of data (${headerBytes + size} bytes in all) but the file has ${buf.length}.`);
  }
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + headerBytes, size) };
}

/**
 * Reads an IDX file (gzip or raw) from disk.
 * @example
 * readIdx('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz').dims // [10000]
 */
export function readIdx(path: string): IdxArray {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DataFormatError(`readIdx: cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  return parseIdx(bytes, path);
}

/** Images and labels of an image classification set, as bytes. */
export interface ImageDataset {
  /** Pixels, row-major, `count × height × width`, 0…255. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
}

/**
 * Loads a pair of IDX files: images (3 dimensions) and labels (1 dimension), e.g. MNIST or
 * Fashion-MNIST.
 * @throws DataFormatError when a file is corrupt, the images are not 3-D, or the counts differ.
 * @example
 * const train = loadIdxDataset('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz');
 */
export function loadIdxDataset(imagesPath: string, labelsPath: string): ImageDataset {
  const images = readIdx(imagesPath);
  const labels = readIdx(labelsPath);
  if (images.dims.length !== 3) throw new DataFormatError(`loadIdxDataset: ${imagesPath} has ${images.dims.length} dimensions (${images.dims.join('×')}): expected 3 (count × height × width).`);
  if (labels.dims.length !== 1) throw new DataFormatError(`loadIdxDataset: ${labelsPath} has ${labels.dims.length} dimensions: expected 1 (one label per image).`);
  if (images.dims[0] !== labels.dims[0]) {
    throw new DataFormatError(`loadIdxDataset: ${imagesPath} holds ${images.dims[0]} images but ${labelsPath} holds ${labels.dims[0]} labels: expected one label per image. Are the two files from the same split?`);
  }
  return { images: images.data, labels: labels.data, count: images.dims[0], height: images.dims[1], width: images.dims[2] };
}

/**
 * Encodes bytes as an IDX file (used to make the shipped subsets).
 * @example
 * writeFileSync('labels-idx1-ubyte', encodeIdx([3], Uint8Array.from([0, 1, 2])));
 */
export function encodeIdx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x00000800 + dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}
