import { useEffect, useState } from 'react';
import { PwaHeader } from './components/pwa/PwaHeader';
import { PAGES } from './pages';
import { useInPage } from './useInPage';

/** `#/text` → the text page; anything unknown → the first page. */
function pageFromHash() {
  const path = location.hash.replace(/^#\/?/, '');
  return PAGES.find((page) => page.path === path) ?? PAGES[0]!;
}

export function App() {
  const ai = useInPage();
  const [page, setPage] = useState(pageFromHash);
  useEffect(() => {
    const follow = () => setPage(pageFromHash());
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return (
    <>
      <header className="top">
        <h1>InPage</h1>
        <PwaHeader />
        <p className="tagline">AI that runs in this tab. Nothing you drop here leaves your device.</p>
        <nav aria-label="Services">
          {PAGES.map(({ path, title }) => (
            <a key={path} href={`#/${path}`} aria-current={path === page.path ? 'page' : undefined}>
              {title}
            </a>
          ))}
        </nav>
      </header>
      <main>{ai ? <page.Page ai={ai} /> : <p role="status">Starting…</p>}</main>
    </>
  );
}
