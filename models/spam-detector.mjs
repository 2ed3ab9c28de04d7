// Node half of models/build-spam-detector.py: reads mails with the worker's own mail reader (workers/text/mail.ts),
// tokenises with Transformers.js's own tokenizer (so training sees exactly the ids the browser will) and scores
// the built model with onnxruntime-web's WASM backend,
// the runtime the browser uses (Transformers.js's Node pipeline needs onnxruntime-node, which the project
// leaves out: stubs/README.md), on the same ids and truncation as the browser's pipeline().
//   node models/spam-detector.mjs read <mails.json> <texts.json>
//   node models/spam-detector.mjs tokenize <model dir> <texts.json> <ids.json> <max tokens>
//   node models/spam-detector.mjs evaluate <model dir> <emails.json> <dtype>   (emails: [{group, label, text}])
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, basename, resolve } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import * as ort from 'onnxruntime-web';
import { importTs } from './ts-module.mjs';

// The worker's own mail reader: the model is trained and scored on what the browser will feed it.
const { readMail } = await importTs(new URL('../workers/text/mail.ts', import.meta.url).pathname);

const [command, modelDir, input, output, extra] = process.argv.slice(2);
env.allowRemoteModels = false;
env.localModelPath = dirname(resolve(modelDir)) + '/';
const id = basename(resolve(modelDir));

/** Ids as the pipeline cuts them: the first max-1 tokens, then [SEP]. */
const encoder = async (max) => {
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  return (text) => {
    const all = tokenizer.encode(text);
    return all.length <= max ? all : [...all.slice(0, max - 1), all[all.length - 1]];
  };
};

if (command === 'read') {
  // Here the two arguments are the raw mails and where their read texts go.
  writeFileSync(input, JSON.stringify(JSON.parse(readFileSync(modelDir, 'utf8')).map(readMail)));
} else if (command === 'tokenize') {
  const encode = await encoder(Number(output && extra ? extra : 512));
  const texts = JSON.parse(readFileSync(input, 'utf8'));
  writeFileSync(output, JSON.stringify(texts.map(encode)));
} else if (command === 'evaluate') {
  const dtype = output ?? 'fp32';
  const config = JSON.parse(readFileSync(resolve(modelDir, 'config.json'), 'utf8'));
  const encode = await encoder(config.max_position_embeddings ?? 512);
  const session = await ort.InferenceSession.create(readFileSync(resolve(modelDir, 'onnx', dtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx')));
  const tensor = (values) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
  const classify = async (text) => {
    const ids = encode(readMail(text));
    const feeds = { input_ids: tensor(ids), attention_mask: tensor(ids.map(() => 1)) };
    if (session.inputNames.includes('token_type_ids')) feeds.token_type_ids = tensor(ids.map(() => 0));
    const logits = (await session.run(feeds)).logits.data;
    let best = 0;
    for (let i = 1; i < logits.length; i += 1) if (logits[i] > logits[best]) best = i;
    return config.id2label[best];
  };
  const emails = JSON.parse(readFileSync(input, 'utf8'));
  const groups = {};
  for (const email of emails) {
    const label = await classify(email.text);
    const g = (groups[email.group] ??= { right: 0, total: 0 });
    g.total += 1;
    if (label === email.label) g.right += 1;
  }
  const all = Object.values(groups).reduce((a, g) => ({ right: a.right + g.right, total: a.total + g.total }), { right: 0, total: 0 });
  console.log(JSON.stringify({ dtype, groups, accuracy: all.right / all.total, right: all.right, total: all.total }));
} else {
  throw new Error(`Unknown command ${command}`);
}
