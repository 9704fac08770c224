import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadFashionMnist, FASHION_MNIST_SUBSET } from '../../../lib/data/fashion-mnist';
import { encodeIdx, loadIdxDataset, parseIdx } from '../../../lib/data/idx';
import { DataFormatError } from '../../../lib/errors';

describe('parseIdx', () => {
  const images = encodeIdx([2, 2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));

  it('reads raw and gzip IDX bytes', () => {
    for (const bytes of [images, gzipSync(images)]) {
      const a = parseIdx(bytes);
      expect(a.dims).toEqual([2, 2, 3]);
      expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    }
  });

  it('names a wrong magic number, a truncated file and a corrupt gzip stream', () => {
    expect(() => parseIdx(Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), 'x.zip')).toThrow(/x.zip: wrong magic number 0x504b0304/);
    expect(() => parseIdx(images.subarray(0, images.length - 5), 'short')).toThrow(/short: truncated IDX file: the header declares 2×2×3 bytes of data \(28 bytes in all\) but the file has 23/);
    expect(() => parseIdx(images.subarray(0, 6), 'hdr')).toThrow(/truncated IDX header/);
    const gz = gzipSync(images);
    expect(() => parseIdx(gz.subarray(0, gz.length - 8), 'cut.gz')).toThrow(DataFormatError);
  });
});

describe('loadIdxDataset', () => {
  it('refuses images and labels of different counts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idx-'));
    writeFileSync(join(dir, 'img'), encodeIdx([3, 2, 2], new Uint8Array(12)));
    writeFileSync(join(dir, 'lab'), encodeIdx([2], new Uint8Array(2)));
    expect(() => loadIdxDataset(join(dir, 'img'), join(dir, 'lab'))).toThrow(/holds 3 images but .* holds 2 labels/);
  });

  it('loads the shipped Fashion-MNIST subset: 300 training and 100 test images per class', () => {
    const train = loadFashionMnist('train', FASHION_MNIST_SUBSET);
    const test = loadFashionMnist('test', FASHION_MNIST_SUBSET);
    expect([train.count, train.height, train.width]).toEqual([3000, 28, 28]);
    expect(test.count).toBe(1000);
    const counts = new Array(10).fill(0);
    train.labels.forEach((l) => counts[l]++);
    expect(counts).toEqual(new Array(10).fill(300));
  });

  it('says how to install the data when the folder lacks it', () => {
    expect(() => loadFashionMnist('train', '/nonexistent')).toThrow(/apt-get install dataset-fashion-mnist/);
  });
});
