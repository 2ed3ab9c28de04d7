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
    expect(await violations('workers/image/probe.ts', "import { boot } from '../../src/runtime/boot';\nimport { imageContract } from './contract';\nexport const x = [boot, imageContract];\n")).toEqual([]);
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
});
