/**
 * Paste or upload customer feedback: each text's sentiment and top label in a table, a chart of the batch,
 * and a search by meaning over everything stored on this device.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { InPageError, type Classified, type InPage, type TextInput } from '../../client';
import { DropZone } from '../components/DropZone';
import { ServiceBadge } from '../components/ServiceBadge';
import { answer, ResultsTable, type TextRow } from '../components/text/ResultsTable';
import { SearchPanel } from '../components/text/SearchPanel';
import { SummaryChart } from '../components/text/SummaryChart';
import { useServiceStatus } from '../../client/react';

/** What each embedding model means for search, shown once texts are stored with it. */
const EMBEDDING_NOTES: Record<string, string> = {
  'text-embedding-use-lite': 'all-MiniLM-L6-v2 is not on this device, so search uses Universal Sentence Encoder lite: it ranks by meaning, a little less sharply.',
  'spam-detector': 'No sentence-embedding model is on this device, so search uses the spam detector’s features: good at “mail like this”, not at meaning.',
};

const OWN_SENTIMENT = 'text-sentiment-inpage';

type Job = { kind: 'idle' } | { kind: 'working'; loaded?: number; total?: number } | { kind: 'error'; code: string; message: string };

export function TextPage({ ai }: { ai: InPage }) {
  const live = useServiceStatus(ai, 'text');
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<'spam' | 'labels'>('spam');
  const [labels, setLabels] = useState('shipping, billing, product quality, support');
  const [store, setStore] = useState(true);
  const [rows, setRows] = useState<TextRow[]>([]);
  const [notices, setNotices] = useState<string[]>([]);
  const [job, setJob] = useState<Job>({ kind: 'idle' });
  const [stored, setStored] = useState(0);
  const [searchModel, setSearchModel] = useState<string>();
  const running = useRef<AbortController>(undefined);

  // Search with the model the stored texts were embedded with (newest first), so a reload keeps search working.
  const refresh = useCallback(
    () =>
      void ai.text.listDocuments({ limit: 1 }).then(
        ({ total, documents }) => {
          setStored(total);
          if (documents[0]) setSearchModel(documents[0].model);
        },
        () => undefined,
      ),
    [ai],
  );
  useEffect(() => {
    ai.start('text');
    refresh();
  }, [ai, refresh]);

  async function analyse(input: TextInput) {
    const controller = new AbortController();
    running.current = controller;
    setJob({ kind: 'working' });
    setNotices([]);
    const options = { signal: controller.signal, onProgress: (p: { phase: string; loaded?: number; total?: number }) => p.phase === 'infer' && setJob({ kind: 'working', loaded: p.loaded, total: p.total }) };
    const notes: string[] = [];
    try {
      const texts = await ai.text.read(input, { signal: controller.signal });
      const sentiments = await optional(ai.text.sentiment(texts, options), notes);
      const classifier = mode === 'spam' ? { model: 'spam-detector' } : { labels: labels.split(',').map((l) => l.trim()).filter(Boolean) };
      const classified = await ai.text.classify(texts, { ...classifier, ...options });
      setRows(texts.map((text, i) => ({ text, sentiment: sentiments?.[i], classified: classified[i] })));
      notes.push(...whoAnswered(sentiments?.map(answer), classified.map(answer)));
      if (store) await index(texts, controller.signal, notes);
      setJob({ kind: 'idle' });
    } catch (error) {
      const failure = InPageError.from(error, 'text');
      setJob({ kind: 'error', code: failure.code, message: failure.message });
    } finally {
      setNotices(notes);
      running.current = undefined;
    }
  }

  async function index(texts: string[], signal: AbortSignal, notes: string[]) {
    const docs = texts.map((text, i) => ({ id: `${Date.now()}-${i}`, text }));
    // With no model named the service picks the best embedder it has (MiniLM, else USE lite, else spam features).
    const { model } = await ai.text.index(docs, { model: searchModel, signal });
    const note = EMBEDDING_NOTES[model];
    if (note && !searchModel) notes.push(note);
    setSearchModel(model);
    refresh();
  }

  const working = job.kind === 'working';
  return (
    <section aria-labelledby="text-title" className="page">
      <div className="page-head">
        <h2 id="text-title">Customer feedback</h2>
        <ServiceBadge live={live} />
      </div>
      <form
        className="text-form"
        onSubmit={(event) => {
          event.preventDefault();
          // Blank lines between pasted comments are spacing, not texts; an all-blank box gets the service's message.
          const lines = draft.split('\n').filter((line) => line.trim());
          void analyse(lines.length ? lines : draft);
        }}
      >
        <label htmlFor="text-input">Feedback, one text per line</label>
        <textarea id="text-input" rows={5} value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="The parcel arrived late and damaged." />
        <fieldset>
          <legend>Label with</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'spam'} onChange={() => setMode('spam')} /> spam detector
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'labels'} onChange={() => setMode('labels')} /> my labels:
          </label>{' '}
          <input aria-label="Labels, comma-separated" value={labels} onChange={(e) => setLabels(e.target.value)} disabled={mode !== 'labels'} />
        </fieldset>
        <label>
          <input type="checkbox" checked={store} onChange={(e) => setStore(e.target.checked)} /> keep the texts on this device for search
        </label>
        <div className="actions">
          <button type="submit" disabled={working}>Analyse</button>
          {working && <button type="button" onClick={() => running.current?.abort()}>Cancel</button>}
        </div>
      </form>
      <DropZone accept=".txt,.csv,text/plain,text/csv" label="Or drop a .txt or .csv file (one comment per row)" onFile={(file) => void analyse(file)} />
      <div aria-live="polite" aria-busy={working}>
        {working && (
          <p role="status">
            Analysing…{' '}
            {job.total ? (
              <>
                <progress value={job.loaded} max={job.total} aria-label="Texts analysed" /> {job.loaded?.toLocaleString('en')} / {job.total.toLocaleString('en')}
              </>
            ) : null}
          </p>
        )}
        {job.kind === 'error' && (
          <p role="alert" className="error" data-code={job.code}>
            {job.message}
          </p>
        )}
        {notices.map((n) => (
          <p key={n} className="notice">
            {n}
          </p>
        ))}
      </div>
      {rows.length > 0 && (
        <>
          <SummaryChart rows={rows} />
          <ResultsTable rows={rows} />
        </>
      )}
      <SearchPanel ai={ai} model={searchModel} stored={stored} onChange={refresh} />
    </section>
  );
}

/** Which models answered, so a reader knows whether the hub's model or the project's own gave the verdicts. */
function whoAnswered(sentiments: ({ model: string } | undefined)[] = [], classified: (Classified | undefined)[]): string[] {
  const sentimentModels = [...new Set(sentiments.flatMap((s) => (s ? [s.model] : [])))];
  const labelled = classified.find((c) => c?.method);
  return [
    ...(sentimentModels.length ? [`Sentiment by ${sentimentModels.join(', ')}${sentimentModels.includes(OWN_SENTIMENT) ? ' (the project’s own model; DistilBERT SST-2 is not on this device)' : ''}.`] : []),
    ...(labelled ? [`Labels by ${labelled.method === 'nli' ? 'the NLI model' : 'sentence-embedding similarity (no NLI model on this device)'}.`] : []),
  ];
}

/** A result that may be missing because its model is not on this device: noted, not fatal. */
async function optional<T>(pending: Promise<T>, notes: string[]): Promise<T | undefined> {
  try {
    return await pending;
  } catch (error) {
    const failure = InPageError.from(error, 'text');
    if (failure.code !== 'MODEL_UNAVAILABLE') throw failure;
    notes.push(`No sentiment: ${failure.message}`);
    return undefined;
  }
}
