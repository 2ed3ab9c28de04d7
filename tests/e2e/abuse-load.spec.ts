/**
 * Abuse suite, load and faults: 400 calls at once all settle (an answer or BUSY) and the service answers
 * afterwards; a replica killed mid-request is answered for, while another service keeps answering.
 */
import { expect, test } from '@playwright/test';
import { openSdk } from './fixtures';
import { record } from './abuse/tally';

const SUITE = 'load and faults';

test('400 calls at once: every one settles as an answer or BUSY, and the service answers afterwards', async ({ page }) => {
  test.setTimeout(300_000);
  await openSdk(page);
  const outcome = await page.evaluate(async () => {
    const ai = window.ai;
    const image = () => new ImageData(96, 96);
    await ai.image.classify(image(), { topK: 1 });
    const settled = await Promise.all(
      Array.from({ length: 400 }, () =>
        ai.image.classify(image(), { topK: 1 }).then(
          () => 'answered',
          (error: any) => (error?.name === 'InPageError' ? error.code : `untyped ${error}`),
        ),
      ),
    );
    const after = await ai.image.classify(image(), { topK: 1 });
    return { settled, after: after.length };
  });
  const counts = outcome.settled.reduce<Record<string, number>>((all, o) => ({ ...all, [o]: (all[o] ?? 0) + 1 }), {});
  console.log(`400 calls at once: ${JSON.stringify(counts)}`);
  record(
    ...outcome.settled.map((o, i) => ({
      suite: SUITE,
      name: `burst call ${i + 1}`,
      outcome: o === 'answered' ? ('answered' as const) : o.startsWith('untyped') ? ('untyped' as const) : ('typed' as const),
      ...(o === 'answered' || o.startsWith('untyped') ? {} : { code: o }),
    })),
    { suite: SUITE, name: 'a call after the burst', outcome: outcome.after === 1 ? 'answered' : 'untyped' },
  );
  expect(Object.keys(counts).sort()).toEqual(['BUSY', 'answered']);
  // The queue's bound (in flight + 64 waiting) is what is answered; the rest is refused at once.
  expect(counts.answered).toBeGreaterThanOrEqual(64);
  expect(outcome.after).toBe(1);
});

test('a text replica killed mid-request: its call settles, images keep answering, text answers again', async ({ page }) => {
  test.setTimeout(300_000);
  await openSdk(page);
  const outcome = await page.evaluate(async () => {
    const ai = window.ai;
    const spam = { model: 'spam-detector' };
    await Promise.all([ai.text.classify(['warm up'], spam), ai.image.classify(new ImageData(96, 96), { topK: 1 })]);
    const texts = Array.from({ length: 400 }, (_, i) => `Message ${i}: you may have won a prize, reply with your bank details to claim it.`);
    const long = ai.text.classify(texts, { ...spam, batchSize: 8 }).then(
      () => 'answered',
      (error: any) => (error?.name === 'InPageError' ? error.code : `untyped ${error}`),
    );
    // The replica working on it, found from the bus's own numbers.
    let victim: string | undefined;
    for (let i = 0; i < 600 && !victim; i += 1) {
      victim = (await ai.metrics()).text!.replicas.find((r: any) => r.inFlight > 0)?.id;
      if (!victim) await new Promise((r) => setTimeout(r, 50));
    }
    ai.kill('text', victim!);
    const images: string[] = [];
    for (let i = 0; i < 5; i += 1) images.push((await ai.image.classify(new ImageData(96, 96), { topK: 1 })).length === 1 ? 'answered' : 'wrong');
    const killed = await long;
    const after = await ai.text.classify(['Lunch at noon tomorrow?'], spam);
    return { victim, killed, images, after: (after[0] as { labels: unknown[] }).labels.length };
  });
  console.log(`killed replica ${outcome.victim}: its call ${outcome.killed}; images ${outcome.images.join(', ')}`);
  record(
    { suite: SUITE, name: 'call on a killed replica', outcome: outcome.killed === 'answered' ? 'answered' : outcome.killed.startsWith('untyped') ? 'untyped' : 'typed', ...(outcome.killed === 'answered' ? {} : { code: outcome.killed }) },
    ...outcome.images.map((o, i) => ({ suite: SUITE, name: `image call ${i + 1} during the crash`, outcome: o === 'answered' ? ('answered' as const) : ('untyped' as const) })),
    { suite: SUITE, name: 'text call after the crash', outcome: outcome.after === 2 ? 'answered' : 'untyped' },
  );
  expect(outcome.victim).toBeTruthy();
  // Answered by a retry on the replacement, or refused with the crash named: never left hanging.
  expect(['answered', 'SERVICE_CRASHED']).toContain(outcome.killed);
  expect(outcome.images).toEqual(['answered', 'answered', 'answered', 'answered', 'answered']);
  expect(outcome.after).toBe(2);
});
