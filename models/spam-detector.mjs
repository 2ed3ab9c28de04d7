// Node half of models/build-spam-detector.py: tokenises with Transformers.js's own tokenizer (so training
// sees exactly the ids the browser will) and scores the built model through Transformers.js's pipeline().
//   node models/spam-detector.mjs tokenize <model dir> <texts.json> <ids.json> <max tokens>
//   node models/spam-detector.mjs evaluate <model dir> <emails.json> <dtype>   (emails: [{group, label, text}])
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, basename, resolve } from 'node:path';
import { AutoTokenizer, env, pipeline } from '@huggingface/transformers';

const [command, modelDir, input, output, extra] = process.argv.slice(2);
env.allowRemoteModels = false;
env.localModelPath = dirname(resolve(modelDir)) + '/';
const id = basename(resolve(modelDir));

if (command === 'tokenize') {
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  const texts = JSON.parse(readFileSync(input, 'utf8'));
  const max = Number(output && extra ? extra : 512);
  // Cut as the pipeline's truncation does: the first max-1 tokens, then [SEP].
  const ids = texts.map((text) => {
    const all = tokenizer.encode(text);
    return all.length <= max ? all : [...all.slice(0, max - 1), all[all.length - 1]];
  });
  writeFileSync(output, JSON.stringify(ids));
} else if (command === 'evaluate') {
  const dtype = output ?? 'fp32';
  const classify = await pipeline('text-classification', id, { dtype });
  const emails = JSON.parse(readFileSync(input, 'utf8'));
  const groups = {};
  for (const email of emails) {
    const [top] = await classify(email.text, { truncation: true });
    const g = (groups[email.group] ??= { right: 0, total: 0 });
    g.total += 1;
    if (top.label === email.label) g.right += 1;
  }
  const all = Object.values(groups).reduce((a, g) => ({ right: a.right + g.right, total: a.total + g.total }), { right: 0, total: 0 });
  console.log(JSON.stringify({ dtype, groups, accuracy: all.right / all.total, right: all.right, total: all.total }));
} else {
  throw new Error(`Unknown command ${command}`);
}
