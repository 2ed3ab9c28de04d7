// What the cross-engine suite checks in every engine, as a person or an embedding site would see it.
// Each scenario drives a real page through `session` (tests/engines/browsers.mjs) and throws when the
// engine gets it wrong; what it returns (backends, answers) goes into the results and the README table.
/* global window, document, location, until, DataTransfer, DragEvent, getComputedStyle, ImageData -- page code */
import { BLANK_PAGE } from './servers.mjs';

/*
 * A scenario's `e2e` names the Playwright spec (tests/e2e/, Chromium, run earlier by `npm test`) that covers
 * the same behaviour: Chromium skips it here. `limitMs` caps one run of it (default: engines.mjs).
 */

/** Thrown when the engine does not offer what a scenario needs (e.g. no fake devices): a reason, not a failure. */
export class NotOffered extends Error {}

/** The shell's pages, each with the heading it must render. */
const PAGES = {
  image: 'Image classification',
  text: 'Customer feedback',
  speech: 'Voice commands',
  tabular: 'Predict from a table',
  dashboard: 'Dashboard',
  traces: 'Traces',
  data: 'Data',
  offline: 'Offline',
  embed: 'Use InPage on your site',
};

async function noPageErrors(session, where) {
  const errors = await session.errors();
  if (errors.length) throw new Error(`${where}: ${errors.join(' | ')}`);
}

/** Opens the bare page on the toolkit's origin with `window.ai` connected through /inpage.js. */
async function openSdk(session, ctx) {
  await session.goto(`${ctx.toolkit}${BLANK_PAGE}`);
  await session.run(async () => {
    const sdk = await import(`${location.origin}/inpage.js`);
    window.ai = await sdk.connect();
  });
}

const sdk = {
  id: 'sdk',
  title: 'Every service through the SDK',
  async run(session, ctx) {
    await openSdk(session, ctx);
    const answers = await session.run(async ({ mails }) => {
      const { ai } = window;
      const fixture = async (name, type) => new Blob([await (await fetch(`/__engines/fixtures/${name}`)).arrayBuffer()], { type });
      const [image] = await ai.image.classify(await fixture('images/coffee.png', 'image/png'), { topK: 1 });
      const spam = await ai.text.classify(mails.map((m) => m.text), { model: 'spam-detector' });
      const [word] = await ai.speech.recognize(await fixture('audio/go.wav', 'audio/wav'));
      const csv = await (await fixture('tabular/penguins.csv', 'text/csv')).text();
      const profile = await ai.tabular.profile(new Blob([csv], { type: 'text/csv' }), { target: 'Species' });
      const trained = await ai.tabular.train({ csv, target: 'Species', seed: 7 });
      const backends = Object.fromEntries((await ai.services()).map((s) => [s.name, s.backend ?? s.state]));
      const [kept] = await ai.image.history({ limit: 1 });
      return {
        image: `${image.label} ${image.probability.toFixed(2)}`,
        history: kept && `${kept.label} ${kept.thumbnail?.type} ${kept.thumbnail?.size > 0}`,
        spamRight: spam.filter((r, i) => r.labels[0].label === mails[i].label).length,
        word: word.label,
        rows: profile.rows,
        accuracy: trained.metrics.accuracy,
        backends,
      };
    }, { mails: ctx.mails });
    if (!answers.image.startsWith('espresso')) throw new Error(`coffee.png was classified as ${answers.image}`);
    if (!/^espresso image\/(webp|png) true$/.test(answers.history ?? '')) throw new Error(`the image history's newest entry is ${answers.history}`);
    if (answers.spamRight < 9) throw new Error(`the spam detector got ${answers.spamRight} of ${ctx.mails.length} mails right`);
    if (answers.word !== 'go') throw new Error(`go.wav was heard as "${answers.word}"`);
    if (answers.rows !== ctx.penguinRows) throw new Error(`the profile counted ${answers.rows} rows, not ${ctx.penguinRows}`);
    if (!(answers.accuracy >= 0.9)) throw new Error(`training on penguins reached accuracy ${answers.accuracy}`);
    await noPageErrors(session, 'the SDK page');
    return answers;
  },
};

const pages = {
  id: 'pages',
  title: 'Every page renders, no console errors',
  async run(session, ctx) {
    await session.goto(`${ctx.toolkit}/`);
    for (const [path, heading] of Object.entries(PAGES)) {
      await session.run(
        async ({ path, heading }) => {
          location.hash = `#/${path}`;
          await until(() => [...document.querySelectorAll('h2')].some((h) => h.textContent.trim() === heading && h.offsetHeight > 0), 30_000, `the heading "${heading}" on #/${path}`);
        },
        { path, heading },
      );
      await noPageErrors(session, `#/${path}`);
    }
    // One pause at the end lets the pages' start-up (services, charts) report late errors too, named by their source.
    await session.run(() => new Promise((done) => setTimeout(done, 1000)));
    await noPageErrors(session, 'after visiting every page');
    return { pages: Object.keys(PAGES).length };
  },
};

const drop = {
  id: 'drop',
  title: 'A dropped image is classified on the page',
  e2e: 'shell.spec.ts',
  async run(session, ctx) {
    await session.goto(`${ctx.toolkit}/#/image`);
    const top = await session.run(async () => {
      const bytes = await (await fetch('/__engines/fixtures/images/coffee.png')).arrayBuffer();
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'coffee.png', { type: 'image/png' }));
      const target = await until(
        () => [...document.querySelectorAll('[data-testid="dropzone"]')].find((z) => z.textContent.includes('Drop an image here, or choose one')),
        30_000,
        'the image drop zone',
      );
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      const first = await until(() => document.querySelector('[aria-label="Predictions"] li'), 180_000, 'the predictions of the dropped image');
      return first.textContent;
    });
    if (!top.includes('espresso')) throw new Error(`the dropped coffee.png showed "${top}" first`);
    await noPageErrors(session, 'the image page');
    return { top };
  },
};

const runtimes = {
  id: 'runtimes',
  title: 'The image classifier on TF.js and on ONNX Runtime, the same answer',
  e2e: 'fidelity.spec.ts',
  async run(session, ctx) {
    await openSdk(session, ctx);
    const answers = await session.run(async () => {
      const { ai } = window;
      const blob = new Blob([await (await fetch('/__engines/fixtures/images/coffee.png')).arrayBuffer()], { type: 'image/png' });
      const out = {};
      for (const backend of ['wasm', 'onnx-wasm']) {
        ai.setBackend('image', backend);
        const top = await ai.image.classify(blob, { topK: 3 });
        out[backend] = { served: (await ai.services()).find((s) => s.name === 'image').backend, top: top.map((c) => [c.label, c.probability]) };
      }
      return out;
    });
    for (const [backend, { served, top }] of Object.entries(answers)) {
      if (served !== backend) throw new Error(`the image service ran on ${served}, not ${backend}`);
      if (top[0][0] !== 'espresso') throw new Error(`on ${backend}, coffee.png was classified as ${top[0][0]}`);
    }
    answers['onnx-wasm'].top.forEach(([label, p], i) => {
      const [tfLabel, tfP] = answers.wasm.top[i];
      if (label !== tfLabel || Math.abs(p - tfP) > 1e-4) throw new Error(`#${i + 1}: ${label} ${p} on onnx-wasm, ${tfLabel} ${tfP} on TF.js wasm`);
    });
    await noPageErrors(session, 'the SDK page');
    return { espresso: answers['onnx-wasm'].top[0][1].toFixed(4) };
  },
};

const elements = {
  id: 'elements',
  title: 'Custom elements on a partner page',
  e2e: 'embed-elements.spec.ts',
  async run(session, ctx) {
    await session.goto(`${ctx.partner.sameSite}/shop`);
    const seen = await session.run(async () => {
      const element = await until(() => document.querySelector('inpage-image-classifier')?.shadowRoot?.querySelector('input[type=file]'), 30_000, 'the element').then(() => document.querySelector('inpage-image-classifier'));
      // A picked file, as the file chooser hands it over.
      const bytes = await (await fetch('/coffee.png')).arrayBuffer();
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'coffee.png', { type: 'image/png' }));
      const input = element.shadowRoot.querySelector('input[type=file]');
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      const items = await until(() => element.shadowRoot.querySelectorAll('[aria-label="Predictions"] li').length === 3 && element.shadowRoot.querySelectorAll('[aria-label="Predictions"] li'), 180_000, 'the element\'s predictions');
      const result = await until(() => window.heard.find((e) => e.type === 'inpage-result'), 5_000, 'the inpage-result event');
      return {
        top: items[0].textContent,
        event: result.detail.value[0].label,
        accent: getComputedStyle(element.shadowRoot.querySelector('.button')).backgroundColor,
        hubs: document.querySelectorAll('iframe[title="InPage hub"]').length,
      };
    });
    if (!seen.top.includes('espresso') || seen.event !== 'espresso') throw new Error(`the element showed "${seen.top}" and its event said ${seen.event}`);
    if (seen.accent !== 'rgb(200, 0, 0)') throw new Error(`the page's --inpage-accent did not reach the element (${seen.accent})`);
    if (seen.hubs !== 1) throw new Error(`the page holds ${seen.hubs} hub frames`);
    await noPageErrors(session, 'the partner page');
    return { top: seen.top };
  },
};

/** connect({ hub }) from a partner page, then classify: the label, or the error's code and message. */
async function classifyThroughHub(session, origin, ctx) {
  await session.goto(`${origin}/`);
  return session.run(async (toolkit) => {
    const sdk = await import(`${toolkit}/inpage.js`);
    try {
      const ai = await sdk.connect({ hub: `${toolkit}/embed.html` });
      const bytes = await (await fetch('/coffee.png')).arrayBuffer();
      const [top] = await ai.image.classify(new Blob([bytes], { type: 'image/png' }), { topK: 1 });
      return { label: top.label };
    } catch (error) {
      return { error: `${error.code ?? error.name}: ${error.message}` };
    }
  }, ctx.toolkit);
}

const hub = {
  id: 'hub',
  title: 'Cross-origin hub (a listed site served, another refused)',
  e2e: 'embed-hub.spec.ts',
  async run(session, ctx) {
    const answer = await classifyThroughHub(session, ctx.partner.sameSite, ctx);
    if (answer.label !== 'espresso') throw new Error(`through the hub: ${answer.error ?? answer.label}`);
    await noPageErrors(session, 'the partner page');
    // A site the hub's allowlist does not name is refused with a code, not left waiting.
    const stranger = await classifyThroughHub(session, ctx.stranger, ctx);
    if (!stranger.error?.startsWith('FORBIDDEN_ORIGIN')) throw new Error(`a page the hub does not list got ${stranger.error ?? stranger.label}`);
    return { ...answer, stranger: stranger.error.split(':')[0] };
  },
};

const crossSite = {
  id: 'hub-cross-site',
  title: 'Cross-site hub (localhost → 127.0.0.1)',
  e2e: 'embed-hub.spec.ts',
  async run(session, ctx) {
    const answer = await classifyThroughHub(session, ctx.partner.crossSite, ctx);
    if (answer.label !== 'espresso') throw new Error(`through the hub from another site: ${answer.error ?? answer.label}`);
    return answer;
  },
};

/** What the person keeps, read on the app's own origin: histories, what they taught, their trained models. */
function personData(session) {
  return session.run(async () => {
    const { ai } = window;
    const entries = (list) => list.map((h) => `${h.id}:${h.label}`);
    return {
      imageHistory: entries(await ai.image.history({ limit: 1000 })),
      customModels: JSON.stringify(await ai.image.listModels()),
      typedWords: (await ai.speech.vocabulary()).typed.map((t) => t.word),
      commandHistory: entries(await ai.speech.history({ limit: 1000 })),
      trainedModels: (await ai.tabular.listModels()).map((m) => `${m.id}:${m.name}`),
    };
  });
}

/** How many times the partner repeats each call that once wrote to the person's stores. */
const PARTNER_REPEATS = 25;

const partnerData = {
  id: 'partner-data',
  title: "A default partner on the same site leaves the person's data alone",
  async run(session, ctx) {
    // The person, on the app's own origin: a photo classified, a model taught, a word typed, a spoken
    // command, a table trained on.
    await openSdk(session, ctx);
    const csv = await session.run(async () => {
      const { ai } = window;
      const fixture = async (name, type) => new Blob([await (await fetch(`/__engines/fixtures/${name}`)).arrayBuffer()], { type });
      const photo = await fixture('images/coffee.png', 'image/png');
      await ai.image.clearHistory();
      await ai.image.classify(photo, { topK: 1 });
      await ai.image.teach('secret-model', 'my-passport', [photo]);
      await ai.image.teach('secret-model', 'my-diary-cover', [new ImageData(64, 64)]);
      await ai.speech.addWord('lights');
      await ai.speech.recognize(await fixture('audio/go.wav', 'audio/wav'));
      const csv = await (await fixture('tabular/penguins.csv', 'text/csv')).text();
      await ai.tabular.train({ csv, target: 'Species', seed: 7, name: 'my-penguins' });
      // Histories are written just after the answer.
      await until(async () => (await ai.image.history()).length && (await ai.speech.history()).length, 10_000, "the person's histories");
      return csv;
    });
    const before = await personData(session);

    await session.goto(`${ctx.partner.sameSite}/`);
    const partner = await session.run(
      async ({ toolkit, repeats, csv }) => {
        const sdk = await import(`${toolkit}/inpage.js`);
        const ai = await sdk.connect({ hub: `${toolkit}/embed.html` });
        const photo = new Blob([await (await fetch('/coffee.png')).arrayBuffer()], { type: 'image/png' });
        const word = new Blob([await (await fetch('/go.wav')).arrayBuffer()], { type: 'audio/wav' });
        const settle = (work) => work.then(() => 'answered', (error) => error.code ?? error.name);
        const outcomes = {};
        const note = (name, outcome) => (outcomes[name] ??= []).includes(outcome) || outcomes[name].push(outcome);
        for (let i = 0; i < repeats; i += 1) note('image.classify', await settle(ai.image.classify(photo, { topK: 1 })));
        for (let i = 0; i < repeats; i += 1) note('speech.recognize', await settle(ai.speech.recognize(word)));
        note('image.detect', await settle(ai.image.detect(photo)));
        note('custom model', await settle(ai.image.classify(photo, { model: 'custom:secret-model', topK: 1000 })));
        note('unknown custom model', await settle(ai.image.classify(photo, { model: 'custom:no-such-model' })));
        note('image.prepare', await settle(ai.image.prepare()));
        const trained = await ai.tabular.train({ csv, target: 'Species', seed: 7, name: 'partner-penguins' });
        note("tabular.predict with its own model", await settle(ai.tabular.predict(trained.modelId, csv)));
        return { outcomes, typedWords: (await ai.speech.vocabulary()).typed.map((t) => t.word) };
      },
      { toolkit: ctx.toolkit, repeats: PARTNER_REPEATS, csv },
    );
    await noPageErrors(session, 'the partner page');
    const expected = {
      'image.classify': ['answered'],
      'speech.recognize': ['answered'],
      'image.detect': ['answered'],
      'custom model': ['FORBIDDEN_ORIGIN'],
      'unknown custom model': ['FORBIDDEN_ORIGIN'],
      'image.prepare': ['FORBIDDEN_ORIGIN'],
      'tabular.predict with its own model': ['answered'],
    };
    // Sorted: WebKit's driver hands objects back with their keys in another order.
    const sorted = (outcomes) => JSON.stringify(Object.entries(outcomes).sort(([a], [b]) => a.localeCompare(b)));
    if (sorted(partner.outcomes) !== sorted(expected)) throw new Error(`the partner's calls settled as ${sorted(partner.outcomes)}`);
    if (partner.typedWords.length) throw new Error(`the partner read the person's typed words: ${partner.typedWords.join(', ')}`);

    await openSdk(session, ctx);
    // Time for any history write a partner's call set off to land.
    await session.run(() => new Promise((done) => setTimeout(done, 1500)));
    const after = await personData(session);
    const changed = Object.keys(before).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
    if (changed.length) throw new Error(`the partner changed the person's ${changed.map((key) => `${key} (${JSON.stringify(before[key])} → ${JSON.stringify(after[key])})`.slice(0, 300)).join('; ')}`);
    return { partnerCalls: PARTNER_REPEATS * 2 + 5, kept: Object.keys(before) };
  },
};

const offline = {
  id: 'offline',
  title: 'Offline reload through the service worker',
  // Seconds on a quiet machine (WebKit took 43 s at a load of 20 on 2 cores); a navigation that never ends,
  // as Firefox's driver once did (tests/engines/browsers.mjs), fails at its own one-minute limit.
  limitMs: 120_000,
  e2e: 'offline.spec.ts',
  async run(session, ctx) {
    const server = await ctx.startOffline();
    try {
      await session.goto(`${server.origin}/#/offline`);
      await session.run(async () => {
        await navigator.serviceWorker.ready;
        await until(() => document.querySelector('.app-cache[data-shell-cached="true"]'), 120_000, 'the app shell to be stored');
        await until(() => document.querySelector('.service-offline[data-service="image"] [data-cached="true"]'), 180_000, 'the image model to be stored');
      });
      await server.close();
      await session.reload();
      const after = await session.run(async (png) => {
        await until(() => [...document.querySelectorAll('h2')].some((h) => h.textContent.trim() === 'Offline'), 30_000, 'the Offline page from the cache');
        const { connect } = await import(`${location.origin}/inpage.js`);
        const ai = await connect();
        const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
        const [top] = await ai.image.classify(new Blob([bytes], { type: 'image/png' }), { topK: 1 });
        return { controlled: Boolean(navigator.serviceWorker.controller), top: top.label };
      }, ctx.coffee);
      if (!after.controlled) throw new Error('the reloaded page is not controlled by the service worker');
      if (after.top !== 'espresso') throw new Error(`offline, coffee.png was classified as ${after.top}`);
      return after;
    } finally {
      await server.close().catch(() => undefined);
    }
  },
};

/** Live capture through the SDK's listen(): the fake microphone's sound reaches the speech service. */
const microphone = {
  id: 'microphone',
  title: 'Microphone (fake device)',
  e2e: 'speech-mic.spec.ts',
  async run(session, ctx) {
    if (!ctx.fakeMedia) throw new NotOffered(ctx.noFakeMedia);
    await openSdk(session, ctx);
    // Called from a script alone, listen() starts or is refused with a code (engines that hold audio until
    // the person interacts with the page, or have no audio output); it never hangs.
    const unprompted = await session.run(async () => {
      await window.ai.speech.vocabulary();
      try {
        await (await window.ai.speech.listen({ onCommand: () => undefined }))();
        return 'started';
      } catch (error) {
        return error.code;
      }
    });
    if (!['started', 'PERMISSION_DENIED', 'DEVICE_UNAVAILABLE'].includes(unprompted)) throw new Error(`listen() without a click: ${unprompted}`);
    // From a click, as the speech page and the elements call it.
    await session.run(() => {
      const button = document.body.appendChild(document.createElement('button'));
      button.id = 'listen';
      button.textContent = 'Listen';
      window.peak = 0;
      button.onclick = () => {
        window.listening = window.ai.speech.listen({ onLevel: (level) => (window.peak = Math.max(window.peak, level)), onCommand: () => undefined }).catch((error) => error.code);
      };
    });
    await session.click('#listen');
    const heard = await session.run(async () => {
      const stop = await window.listening;
      if (typeof stop !== 'function') throw new Error(`listen() from a click: ${stop}`);
      await until(() => window.peak > 0.01, 20_000, 'sound from the microphone');
      await stop();
      return { peak: window.peak };
    });
    heard.withoutClick = unprompted;
    await noPageErrors(session, 'the SDK page');
    // The speech page's own button, under the app's CSP (its AudioWorklet module is made on the page).
    await session.goto(`${ctx.toolkit}/#/speech`);
    await session.run(async () => {
      const button = await until(() => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Listen for commands'), 30_000, 'the Listen button');
      button.dataset.engines = 'listen';
    });
    await session.click('[data-engines="listen"]');
    heard.pageLevel = await session.run(async () => {
      const meter = () => document.querySelector('[role="meter"][aria-label="Microphone level"]');
      const alert = () => document.querySelector('[role="alert"]');
      const level = await until(() => (alert() ? `error: ${alert().textContent}` : Number(meter()?.getAttribute('aria-valuenow')) > 0 && meter().getAttribute('aria-valuenow')), 60_000, 'the page\'s level meter to move');
      if (String(level).startsWith('error')) throw new Error(`the speech page's microphone: ${level}`);
      return Number(level);
    });
    await noPageErrors(session, 'the speech page');
    return heard;
  },
};

/** With no audio output device (PulseAudio pointed nowhere), listen() from a click starts or answers with a code. */
const noAudioOutput = {
  id: 'no-audio-output',
  title: 'No audio output: the microphone answers, never hangs',
  async run(session, ctx) {
    if (!ctx.fakeMedia) throw new NotOffered(ctx.noFakeMedia);
    const another = await ctx.openAnother({ PULSE_SERVER: 'unix:/nonexistent/inpage-no-audio' });
    try {
      await openSdk(another, ctx);
      await another.run(() => {
        const button = document.body.appendChild(document.createElement('button'));
        button.id = 'listen';
        button.textContent = 'Listen';
        button.onclick = () => {
          window.listening = window.ai.speech.listen({ onCommand: () => undefined }).then(
            async (stop) => (await stop(), 'started'),
            (error) => error.code,
          );
        };
      });
      await another.click('#listen');
      const answer = await another.run(() => Promise.race([window.listening, new Promise((done) => setTimeout(() => done('no answer within 30 s'), 30_000))]));
      if (!['started', 'DEVICE_UNAVAILABLE'].includes(answer)) throw new Error(`listen() from a click with no audio output: ${answer}`);
      return { listen: answer };
    } finally {
      await another.close();
    }
  },
  /** What the table says beside the ✅: how this engine behaves with no audio output. */
  note: (detail) => (detail.listen === 'started' ? 'audio runs with no output device' : `listen() answers ${detail.listen}`),
};

const camera = {
  id: 'camera',
  title: 'Camera (fake device)',
  e2e: 'custom-classes-camera.spec.ts',
  async run(session, ctx) {
    if (!ctx.fakeMedia) throw new NotOffered(ctx.noFakeMedia);
    await session.goto(`${ctx.toolkit}/#/image`);
    const frame = await session.run(async () => {
      const button = (name) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
      (await until(() => button('Use the camera'), 30_000, 'the camera button')).click();
      const video = await until(() => document.querySelector('video[aria-label="Camera preview"]'), 30_000, 'the camera preview');
      await until(() => video.videoWidth > 0, 30_000, 'a camera frame');
      button('Capture example').click();
      await until(() => document.body.textContent.includes('1 example ready'), 30_000, 'the captured example');
      return { width: video.videoWidth, height: video.videoHeight };
    });
    await noPageErrors(session, 'the image page');
    return frame;
  },
};

export const SCENARIOS = [sdk, pages, drop, runtimes, elements, hub, crossSite, partnerData, offline, microphone, noAudioOutput, camera];
