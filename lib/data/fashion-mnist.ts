import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../errors';
import { packageRoot } from '../util/package-root';
import { loadIdxDataset, type ImageDataset } from './idx';

/** Where Debian's dataset-fashion-mnist package puts the files. */
export const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';
/** The small subset shipped in this repository (see data/README.md). */
export const FASHION_MNIST_SUBSET = join(packageRoot(), 'data', 'fashion-mnist-subset');

/** The ten Fashion-MNIST classes. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/**
 * Loads Fashion-MNIST (or MNIST, or any IDX set laid out the same way) from a folder holding
 * `train-images-idx3-ubyte(.gz)`, `train-labels-idx1-ubyte(.gz)`, `t10k-…`.
 * @param split - "train" or "test".
 * @param dir - the folder. Default: Debian's /usr/share/datasets/fashion-mnist.
 * @throws DataFormatError when the files are missing (saying how to install them) or corrupt.
 * @example
 * const test = loadFashionMnist('test');
 */
export function loadFashionMnist(split: 'train' | 'test', dir: string = DEBIAN_FASHION_MNIST): ImageDataset {
  const prefix = split === 'train' ? 'train' : 't10k';
  const find = (kind: string) => {
    for (const name of [`${prefix}-${kind}.gz`, `${prefix}-${kind}`]) if (existsSync(join(dir, name))) return join(dir, name);
    throw new DataFormatError(`loadFashionMnist: no ${prefix}-${kind}(.gz) in ${dir}. On Debian: apt-get install dataset-fashion-mnist (files in ${DEBIAN_FASHION_MNIST}); or pass the folder of any IDX data set.`);
  };
  return loadIdxDataset(find('images-idx3-ubyte'), find('labels-idx1-ubyte'));
}
