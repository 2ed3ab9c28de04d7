/**
 * The history, kept off the answers' path: an answer only notes what to keep; the thumbnail is drawn,
 * encoded and written once the replica is idle, a few at a time, so a burst of requests (or the next
 * request of a loop) never waits behind a thumbnail.
 */
import { InPageError } from '../../src/core/errors';
import type { Runtime } from '../../src/runtime/serving/serve';
import { guardWrite, type ServiceDb } from '../../src/runtime/storage/store';
import type { HistoryEntry, ImageInput } from './contract';
import { HISTORY_CAP, historyWriter } from './store';

const THUMBNAIL_PX = 96;
/** Thumbnails drawn per idle step: a request that arrives meanwhile waits for these few only. */
const PER_STEP = 4;

type Entry = Omit<HistoryEntry, 'id' | 'thumbnail'>;

interface Pending {
  entry: Entry;
  /** The caller's file, or a bitmap already scaled to the thumbnail (a caller's bitmap is not held at full size). */
  picture: Blob | Promise<ImageBitmap | undefined>;
}

export interface HistoryKeeper {
  /** Notes an answer; its thumbnail and write wait until the replica is idle. */
  add(entry: Entry, original: ImageInput): void;
  /** Writes every answer noted so far: a reader of the history sees them all. */
  flush(): Promise<void>;
  /** Forgets the answers not yet written (the history is being cleared). */
  drop(): void;
}

export function historyKeeper(db: ServiceDb, runtime: Runtime): HistoryKeeper {
  const write = historyWriter(db);
  const pending: Pending[] = [];
  let scheduled = false;

  const writeSome = async (count: number) => {
    const batch = pending.splice(0, count);
    // Drawn side by side, written in answer order (a history is newest first by its ids).
    const thumbnails = await Promise.all(batch.map(({ entry, picture }) => thumbnailOf(picture, entry).then(encode).catch(() => undefined)));
    const written = batch.map(({ entry }, i) => guardWrite('image', 'this result in the history', () => write({ ...entry, thumbnail: thumbnails[i] })));
    for (const outcome of await Promise.allSettled(written)) {
      if (outcome.status === 'rejected') runtime.progress({ phase: 'warning', message: InPageError.from(outcome.reason, 'image').message });
    }
  };
  const schedule = () => {
    if (scheduled || !pending.length) return;
    scheduled = true;
    runtime.whenIdle(async () => {
      scheduled = false;
      await writeSome(PER_STEP);
      schedule();
    });
  };
  const release = (dropped: Pending[]) => {
    for (const { picture } of dropped) if (!(picture instanceof Blob)) void picture.then((bitmap) => bitmap?.close());
  };

  return {
    add(entry, original) {
      pending.push({ entry, picture: original instanceof Blob ? original : scaledBitmap(original, entry) });
      // The store keeps the newest HISTORY_CAP entries only: older ones waiting would be trimmed on arrival.
      release(pending.splice(0, Math.max(0, pending.length - HISTORY_CAP)));
      schedule();
    },
    flush: () => writeSome(pending.length),
    drop: () => release(pending.splice(0)),
  };
}

function thumbnailSize({ width, height }: Entry): { resizeWidth: number; resizeHeight: number } {
  const scale = Math.min(1, THUMBNAIL_PX / Math.max(width, height));
  return { resizeWidth: Math.max(1, Math.round(width * scale)), resizeHeight: Math.max(1, Math.round(height * scale)) };
}

/** Scales a caller's bitmap or pixels down now and lets the full-size one go. */
async function scaledBitmap(original: ImageBitmap | ImageData, entry: Entry): Promise<ImageBitmap | undefined> {
  try {
    return await createImageBitmap(original, { ...thumbnailSize(entry), resizeQuality: 'medium' });
  } catch {
    return undefined;
  } finally {
    if (original instanceof ImageBitmap) original.close();
  }
}

function thumbnailOf(picture: Pending['picture'], entry: Entry): Promise<ImageBitmap | undefined> {
  if (!(picture instanceof Blob)) return picture;
  return createImageBitmap(picture, { ...thumbnailSize(entry), resizeQuality: 'medium', imageOrientation: 'from-image' });
}

async function encode(bitmap: ImageBitmap | undefined): Promise<Blob | undefined> {
  if (!bitmap || typeof OffscreenCanvas === 'undefined') return undefined;
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    return await canvas.convertToBlob({ type: 'image/webp', quality: 0.7 });
  } finally {
    bitmap.close();
  }
}
