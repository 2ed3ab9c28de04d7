/** How other sites use InPage: copy-paste snippets for the script tag, the hub and the npm library. */
import { useEffect, useState } from 'react';
import type { InPage } from '../../client';
import { embedSnippets, type Snippet } from './embedSnippets';
import './EmbedPage.css';

export function EmbedPage({ ai }: { ai: InPage }) {
  const [services, setServices] = useState<string[]>([]);
  useEffect(() => void ai.services().then((list) => setServices(list.map((s) => s.name))), [ai]);
  const snippets = embedSnippets(location.origin, services);

  return (
    <section aria-labelledby="embed-title" className="page">
      <div className="page-head">
        <h2 id="embed-title">Use InPage on your site</h2>
      </div>
      <div className="snippets">
        {snippets.map((snippet) => (
          <SnippetBlock key={snippet.id} snippet={snippet} />
        ))}
      </div>
    </section>
  );
}

function SnippetBlock({ snippet }: { snippet: Snippet }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    navigator.clipboard.writeText(snippet.code).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  return (
    <article className="snippet" aria-labelledby={`snippet-${snippet.id}`}>
      <div className="snippet-head">
        <h3 id={`snippet-${snippet.id}`}>{snippet.title}</h3>
        <button type="button" onClick={copy} aria-label={`Copy: ${snippet.title}`}>
          {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select and copy' : 'Copy'}
        </button>
      </div>
      <p>{snippet.intro}</p>
      <pre>
        <code data-language={snippet.language} data-snippet={snippet.id}>
          {snippet.code}
        </code>
      </pre>
    </article>
  );
}
