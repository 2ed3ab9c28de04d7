/** The text service's worker entry. */
import { InPageError } from '../../src/core/errors';
import { serve } from '../../src/runtime/serving/serve';
import { textContract } from './contract';
import { answerEach, readItems, readQuery, readTexts } from './decode';
import { TextEngine } from './engine';
import { listDocuments, openTextDb, putDocuments, searchDocuments, TEXT_STORES } from './store';

serve(
  textContract,
  async (runtime) => {
    const db = await openTextDb();
    const engine = await TextEngine.load(runtime, db);
    return {
      read: ({ text }, request) => readTexts(text, request.signal),
      // A batch answers every item: its unreadable ones carry their own error (decode.ts).
      sentiment: async ({ text, batchSize }, request) => answerEach(await readItems(text, request.signal), (texts) => engine.sentiment(texts, batchSize, request)),
      classify: async ({ text, labels, model, batchSize }, request) =>
        answerEach(await readItems(text, request.signal), (texts) =>
          labels ? engine.zeroShot(texts, labels, batchSize, request) : engine.classify(model!, texts, batchSize, request),
        ),
      embed: async ({ text, model, batchSize }, request) => {
        const { vectors } = await engine.embed(await readTexts(text, request.signal), model, batchSize, request);
        return vectors.map((v) => Array.from(v));
      },
      index: async ({ docs, model, batchSize }, request) => {
        const texts = await readTexts(docs.map((d) => d.text), request.signal);
        const embedded = await engine.embed(texts, model, batchSize, request);
        // Stored only once every batch is done: a cancelled upload leaves the store as it was.
        request.signal.throwIfAborted();
        await putDocuments(db, docs, embedded.vectors, embedded.model);
        return { indexed: docs.length, model: embedded.model, truncated: embedded.truncated };
      },
      search: async ({ query, topK, model }, request) => {
        const { vectors, model: used } = await engine.embed([readQuery(query)], model, 1, request);
        return searchDocuments(db, vectors[0]!, used, topK);
      },
      listDocuments: ({ limit }) => listDocuments(db, limit),
      analyseTranscript: async ({ text }, request) => {
        try {
          const [sentiment] = await engine.sentiment(await readTexts(text, request.signal), 1, request);
          if (!sentiment) throw new InPageError('INVALID_INPUT', 'The transcript holds no text to analyse.', 'text');
          request.publish('text.sentiment', { text, ...sentiment });
          return sentiment;
        } catch (error) {
          // The page waiting on the topic learns why there is no sentiment (e.g. its model is not on this device).
          const failure = InPageError.from(error, 'text');
          request.publish('text.sentiment', { text, error: { code: failure.code, message: failure.message } });
          throw failure;
        }
      },
    };
  },
  // Export, import and clear of the stored documents come from the runtime, on the database opened this way;
  // the models it lists and stores offline are the descriptor's groups (service.ts).
  { db: openTextDb, stores: TEXT_STORES },
);
