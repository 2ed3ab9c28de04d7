/**
 * Commands by typing a word: no recordings, the service says how it sounds (the CMU dictionary, or its
 * spelling) and listens for it. Lists the typed words with their phones, each removable.
 */
import { useState } from 'react';
import { InPageError, type InPage, type SpeechVocabulary } from '../../../client';

export function TypedWords({ ai, vocabulary, onVocabulary }: { ai: InPage; vocabulary?: SpeechVocabulary; onVocabulary: (v: SpeechVocabulary) => void }) {
  const [word, setWord] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<InPageError>();

  async function step(work: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      onVocabulary(await ai.speech.vocabulary());
    } catch (failure) {
      setError(InPageError.from(failure, 'speech'));
    } finally {
      setBusy(false);
    }
  }

  const add = () =>
    step(async () => {
      await ai.speech.addWord(word);
      setWord('');
    });

  return (
    <div className="typed-words">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <label>
          Type a command <input value={word} onChange={(e) => setWord(e.target.value)} placeholder="e.g. lights" maxLength={40} />
        </label>
        <button type="submit" disabled={busy || !word.trim()}>
          Add word
        </button>
      </form>
      <ul aria-label="Typed commands">
        {(vocabulary?.typed ?? []).map((t) => (
          <li key={t.word}>
            <strong>{t.word}</strong> <code>{t.phones}</code> <small>({t.source === 'dictionary' ? 'from the dictionary' : 'guessed from its spelling'})</small>{' '}
            <button type="button" disabled={busy} onClick={() => void step(() => ai.speech.deleteWord(t.word))} aria-label={`Remove ${t.word}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="error" data-code={error.code}>
          {error.message}
        </p>
      )}
    </div>
  );
}
