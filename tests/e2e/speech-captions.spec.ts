/**
 * Live captions through Chromium's fake microphone, which plays a WAV once as the capture device: three
 * real LibriVox recordings (tests/fixtures/SOURCES.md) with pauses between them, as a person reading aloud.
 */
import { expect, test } from '@playwright/test';
import { LIBRIVOX, wordErrorRate } from '../fixtures/librivox.mjs';
import { fakeMicrophone, readWav, type Pcm } from './audio';
import { openSdk } from './fixtures';
import { record } from './abuse/tally';

const SPOKEN = ['0880', '0890', '0930'].map((id) => LIBRIVOX.find((r) => r.id === id)!);
const RATE = 16000;

/** The recordings with 1.5 s of silence before, between and after them. */
function reading(): Pcm {
  const gap = new Float32Array(1.5 * RATE);
  const parts = [gap, ...SPOKEN.flatMap((r) => [readWav(r.path).channels[0]!, gap])];
  const samples = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
  parts.reduce((at, p) => (samples.set(p, at), at + p.length), 0);
  return { channels: [samples], sampleRate: RATE };
}

test.use({ launchOptions: fakeMicrophone(reading(), 'reading') });

test('caption() shows the words as they are spoken, then each sentence as final', async ({ page }) => {
  test.setTimeout(180_000);
  await openSdk(page);
  const heard = await page.evaluate(
    (sentences) =>
      new Promise<{ partials: string[]; finals: string[] }>((resolve, reject) => {
        const partials: string[] = [];
        const finals: string[] = [];
        let stop: (() => Promise<void>) | undefined;
        const finish = () => void stop?.().then(() => resolve({ partials, finals }), reject);
        // The reading lasts about 17 s; stop once every sentence is final, or after a minute at most.
        const timer = setTimeout(finish, 60_000);
        window.ai.speech
          .caption({
            onPartial: ({ text }: { text: string }) => text && partials.push(text),
            onFinal: ({ text }: { text: string }) => {
              finals.push(text);
              if (finals.length < sentences) return;
              clearTimeout(timer);
              finish();
            },
            onError: reject,
          })
          .then((s: () => Promise<void>) => (stop = s), reject);
      }),
    SPOKEN.length,
  );
  console.log(`partials: ${heard.partials.join(' | ')}\nfinals: ${heard.finals.join(' | ')}`);
  // Words appear while a sentence is spoken, before it is final (how many times depends on the machine's speed).
  const firstFinal = heard.finals[0]!.split(' ').length;
  expect(heard.partials.some((p) => p.split(' ').length < firstFinal)).toBe(true);
  // Each pause closes a sentence: one final per recording, mostly the right words.
  expect(heard.finals).toHaveLength(SPOKEN.length);
  const wer = wordErrorRate(SPOKEN.map((r, i) => ({ reference: r.transcript, hypothesis: heard.finals[i]! })));
  console.log(`live captions word error rate ${wer.toFixed(3)}`);
  expect(wer).toBeLessThanOrEqual(0.35);
});

test('the speech page captions the microphone in its captions panel', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/#/speech');
  await page.getByRole('button', { name: 'Start captions' }).click();
  const log = page.getByRole('log', { name: 'Captions' });
  await expect(page.getByTestId('caption-partial')).toContainText(/\b(he|was|not|man)\b/, { timeout: 60_000 });
  await expect(log.locator('.caption-final')).toHaveCount(SPOKEN.length, { timeout: 60_000 });
  await expect(log.locator('.caption-final').nth(1)).toContainText('rather');
  await page.getByRole('button', { name: 'Stop captions' }).click();
  await expect(page.getByRole('meter', { name: 'Captions input level' })).toHaveAttribute('aria-valuenow', '0');
});

test('with two speech replicas busy with other work, a caption session is fed only in the replica that holds it', async ({ page }) => {
  test.setTimeout(180_000);
  await openSdk(page);
  const run = await page.evaluate(async (sentences) => {
    const ai = await window.sdk.connect({ replicas: { speech: 2 } });
    const ready = () => ai.status('speech').replicas.filter((r: { state: string }) => r.state === 'ready').length;
    while (ready() < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    // Commands recognised back to back beside the captions: without sticky routing, a block that comes
    // while its replica answers one would go to the other, which has no such session.
    const tone = Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin(i / 5));
    let captioning = true;
    const traffic = (async () => {
      while (captioning) await ai.speech.recognize({ samples: tone.slice(), sampleRate: 16000 });
    })();
    const finals: string[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        let stop: (() => Promise<void>) | undefined;
        const timer = setTimeout(() => void stop?.().then(resolve, reject), 60_000);
        ai.speech
          .caption({
            onFinal: ({ text }: { text: string }) => {
              finals.push(text);
              if (finals.length < sentences) return;
              clearTimeout(timer);
              void stop?.().then(resolve, reject);
            },
            onError: reject,
          })
          .then((s: () => Promise<void>) => (stop = s), reject);
      });
    } finally {
      captioning = false;
      await traffic;
    }
    // The replicas report their own counts with the heartbeat.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const counts = ai.status('speech').replicas.map((r: { methods?: Record<string, { count: number }> }) => ({
      feeds: r.methods?.captionFeed?.count ?? 0,
      recognized: r.methods?.recognize?.count ?? 0,
    }));
    ai.close();
    return { finals, counts };
  }, SPOKEN.length);
  console.log(`finals: ${run.finals.join(' | ')}\nper replica: ${JSON.stringify(run.counts)}`);
  expect(run.finals).toHaveLength(SPOKEN.length);
  // Both replicas worked, and every block of the session went to one of them.
  expect(run.counts).toHaveLength(2);
  expect(run.counts.every((c: { recognized: number }) => c.recognized > 0)).toBe(true);
  expect(run.counts.filter((c: { feeds: number }) => c.feeds > 0)).toHaveLength(1);
});

test('switching the speech backend mid-sentence loses no caption: the replica holding the session serves it to its end', async ({ page }) => {
  test.setTimeout(180_000);
  await openSdk(page);
  const run = await page.evaluate(async (sentences) => {
    const ai = window.ai;
    const finals: string[] = [];
    let switchedAt = '';
    let holder = '';
    const errors: string[] = [];
    await new Promise<void>((resolve) => {
      let stop: (() => Promise<void>) | undefined;
      const finish = () => void stop?.().then(resolve, resolve);
      const timer = setTimeout(finish, 60_000);
      ai.speech
        .caption({
          // Mid-sentence: the first words of the first recording are on screen, none final yet.
          onPartial: ({ text }: { text: string }) => {
            if (switchedAt || text.split(' ').length < 2) return;
            switchedAt = text;
            holder = ai.status('speech').replicas.find((r) => r.state === 'ready')!.id;
            ai.setBackend('speech', 'wasm');
          },
          onFinal: ({ text }: { text: string }) => {
            finals.push(text);
            if (finals.length < sentences) return;
            clearTimeout(timer);
            finish();
          },
          onError: (error: Error) => {
            errors.push(`${(error as Error & { code?: string }).code}: ${error.message}`);
            clearTimeout(timer);
            resolve();
          },
        })
        .then((s: () => Promise<void>) => (stop = s), (error: Error) => (errors.push(error.message), resolve()));
    });
    // The session has ended: the old replica goes, the new one serves on the chosen backend.
    const deadline = Date.now() + 30_000;
    while (ai.status('speech').replicas.some((r) => r.id === holder) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const after = ai.status('speech');
    return { finals, errors, switchedAt, holder, replicas: after.replicas.map((r) => ({ id: r.id, retiring: r.retiring })), pinned: after.pinnedBackend };
  }, SPOKEN.length);
  console.log(`switched at "${run.switchedAt}" in ${run.holder}\nfinals: ${run.finals.join(' | ')}\nerrors: ${run.errors.join(', ') || 'none'}`);
  record({ suite: 'faults', name: 'captions while the backend switches', outcome: run.errors.length ? 'typed' : 'answered', ...(run.errors.length ? { code: run.errors[0] } : {}) });
  expect(run.errors).toEqual([]);
  expect(run.switchedAt).not.toBe('');
  // Every sentence, with the words the captions without a switch give (the first test's bound).
  expect(run.finals).toHaveLength(SPOKEN.length);
  const wer = wordErrorRate(SPOKEN.map((r, i) => ({ reference: r.transcript, hypothesis: run.finals[i]! })));
  console.log(`word error rate across the switch ${wer.toFixed(3)}`);
  expect(wer).toBeLessThanOrEqual(0.35);
  expect(run.replicas.map((r) => r.id)).not.toContain(run.holder);
  expect(run.replicas.every((r) => !r.retiring)).toBe(true);
  expect(run.pinned).toBe('wasm');
});
