/** The linter enforces ARCHITECTURE.md's "Who may import whom": an import across a boundary is reported, an allowed one is not. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The boundary messages ESLint reports for `code` as if it were the file at `filePath`. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'inpage/imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

// The first lint loads the parser and the config: seconds on a busy machine.
describe('import boundaries', { timeout: 120_000 }, () => {
  it("refuses a service importing another service, the SDK, the shell or React, and keeps a worker off the DOM", async () => {
    expect(await violations('workers/image/probe.ts', "import { TextEngine } from '../text/engine';\nexport const x = TextEngine;\n")).toEqual([
      expect.stringContaining('a service never imports another service'),
    ]);
    expect(await violations('workers/speech/probe.ts', "import { connect } from '../../src/client';\nexport const x = connect;\n")).toHaveLength(1);
    expect(await violations('workers/tabular/probe.ts', "import { useState } from 'react';\nexport const x = useState;\n")).toHaveLength(1);
    expect(await violations('workers/text/probe.ts', 'export const title = document.title;\n')).toEqual([expect.stringContaining('Workers have no DOM')]);
    expect(await violations('workers/image/probe.ts', "import { boot } from '../../src/runtime/serving/boot';\nimport { imageContract } from './contract';\nexport const x = [boot, imageContract];\n")).toEqual([]);
  });

  it("keeps the page to the SDK and the services' contracts, and the runtime and bus to themselves", async () => {
    expect(await violations('src/app/probe.ts', "import { ImageEngine } from '../../workers/image/engine';\nexport const x = ImageEngine;\n")).toEqual([
      expect.stringContaining("never imports a worker's engine or store"),
    ]);
    expect(await violations('src/embed/probe.ts', "import { historyWriter } from '../../workers/image/store';\nexport const x = historyWriter;\n")).toHaveLength(1);
    expect(await violations('src/client/probe.ts', "import { tf } from '../runtime/tf';\nexport const x = tf;\n")).toHaveLength(1);
    expect(await violations('src/client/probe.ts', "import { imageContract } from '../../workers/image/contract';\nexport const x = imageContract;\n")).toEqual([]);
    expect(await violations('src/runtime/probe.ts', "import type { Pixels } from '../../workers/image/decode';\nexport type X = Pixels;\n")).toEqual([
      expect.stringContaining('import none'),
    ]);
    expect(await violations('src/bus/probe.ts', "export const load = () => import('../client/connect');\n")).toHaveLength(1);
  });

  it("keeps what a service loads on the page (service.ts, contract.ts, client/) off its engine, other worker files and src/runtime", async () => {
    expect(await violations('workers/image/service.ts', "import { ImageEngine } from './engine';\nexport const x = ImageEngine;\n")).toEqual([
      expect.stringContaining('this file loads on the page'),
    ]);
    expect(await violations('workers/text/contract.ts', "import { readTexts } from './decode';\nexport const x = readTexts;\n")).toHaveLength(1);
    expect(await violations('workers/speech/client/probe.ts', "import { SpeechEngine } from '../engine';\nexport const x = SpeechEngine;\n")).toHaveLength(1);
    expect(await violations('workers/tabular/service.ts', "import { boot } from '../../src/runtime/serving/boot';\nexport const x = boot;\n")).toEqual([
      expect.stringContaining('src/runtime is what workers run on'),
    ]);
    expect(await violations('workers/speech/client/probe.ts', "export const load = () => import('../../../src/runtime/backends/tf');\n")).toHaveLength(1);
    // The page-side files keep the rules of their folder too.
    expect(await violations('workers/image/service.ts', "import { textContract } from '../text/contract';\nexport const x = textContract;\n")).toEqual([
      expect.stringContaining('a service never imports another service'),
    ]);
    // What they may import: their own contract and page-side client, the bus's protocol, errors and descriptors, the model manifests.
    expect(
      await violations(
        'workers/speech/service.ts',
        "import whisper from '../../models/speech-whisper-tiny-en.json';\nimport { defineService } from '../../src/core/descriptor';\nimport { speechClient } from './client';\nimport { speechContract } from './contract';\nexport const x = [whisper, defineService, speechClient, speechContract];\n",
      ),
    ).toEqual([]);
    expect(await violations('workers/speech/client/probe.ts', "import { InPageError } from '../../../src/core/errors';\nimport { UNKNOWN } from '../contract';\nexport const x = [InPageError, UNKNOWN];\n")).toEqual([]);
    // The worker's other files still may reach src/runtime and their own engine.
    expect(await violations('workers/image/worker.ts', "import { serve } from '../../src/runtime/serving/serve';\nimport { ImageEngine } from './engine';\nexport const x = [serve, ImageEngine];\n")).toEqual([]);
  });

  it('keeps workers and src/runtime off src/bus (the bus, its pools and replicas), which runs on the page', async () => {
    for (const part of ['bus', 'pool', 'replica', 'metrics', 'emitter']) {
      expect(await violations('workers/text/probe.ts', `import * as part from '../../src/bus/${part}';\nexport const x = part;\n`), part).toEqual([
        expect.stringContaining('runs on the page'),
      ]);
    }
    // The barrel re-exports the bus, so it counts as the bus.
    expect(await violations('workers/image/service.ts', "import { Bus } from '../../src/bus';\nexport const x = Bus;\n")).toHaveLength(1);
    expect(await violations('src/runtime/probe.ts', "import type { ReplicaHost } from '../bus/replica';\nexport type X = ReplicaHost;\n")).toHaveLength(1);
    expect(await violations('workers/tabular/probe.ts', "import { InPageError } from '../../src/core/errors';\nimport { defineContract } from '../../src/core/protocol';\nexport const x = [InPageError, defineContract];\n")).toEqual([]);
    // The bus and the page keep using it.
    expect(await violations('src/bus/probe.ts', "import { ServicePool } from './pool';\nexport const x = ServicePool;\n")).toEqual([]);
    expect(await violations('src/client/probe.ts', "import { Bus } from '../bus';\nexport const x = Bus;\n")).toEqual([]);
  });

  it('keeps src/core, the floor workers and the page share, off every floor above it', async () => {
    expect(await violations('src/core/probe.ts', "import { Bus } from '../bus/bus';\nexport const x = Bus;\n")).toEqual([expect.stringContaining('the floor under the bus')]);
    expect(await violations('src/core/probe.ts', "import { serve } from '../runtime/serving/serve';\nexport const x = serve;\n")).toEqual([expect.stringContaining('what workers run on')]);
    expect(await violations('src/core/probe.ts', "import { imageContract } from '../../workers/image/contract';\nexport const x = imageContract;\n")).toHaveLength(1);
    expect(await violations('src/bus/probe.ts', "import { serve } from '../runtime/serving/serve';\nexport const x = serve;\n")).toEqual([expect.stringContaining('the bus runs on the page')]);
    expect(await violations('src/runtime/serving/probe.ts', "import { InPageError } from '../../core/errors';\nexport const x = InPageError;\n")).toEqual([]);
    expect(await violations('src/bus/probe.ts', "import { InPageError } from '../core/errors';\nexport const x = InPageError;\n")).toEqual([]);
  });
});
