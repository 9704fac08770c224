/** A frame list in one transferable buffer (posting Buffers would copy their whole 8 KiB pools). */
export interface PackedFrames {
  data: ArrayBuffer;
  sizes: number[];
}

/** Copies `frames` into one fresh ArrayBuffer, to post with `transferList: [packed.data]`. */
export function packFrames(frames: readonly Uint8Array[]): PackedFrames {
  const sizes = frames.map((f) => f.byteLength);
  const data = new ArrayBuffer(sizes.reduce((a, b) => a + b, 0));
  const bytes = new Uint8Array(data);
  let at = 0;
  for (const f of frames) {
    bytes.set(f, at);
    at += f.byteLength;
  }
  return { data, sizes };
}

/** The frames of a packed list, as views on its buffer (no copy). */
export function unpackFrames({ data, sizes }: PackedFrames): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(Buffer.from(data, at, size));
    at += size;
  }
  return out;
}
