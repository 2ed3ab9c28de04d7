import { useEffect, useRef } from 'react';
import { useInPage } from '../client/react';
import { PwaHeader } from './components/pwa/PwaHeader';
import { PAGES, type PageEntry } from './pages';
import { useRoute } from './route';

const SECTIONS: Array<{ id: NonNullable<PageEntry['section']>; label: string }> = [
  { id: 'services', label: 'Services' },
  { id: 'console', label: 'Operations' },
];

/** The shell: a skip link, the menu (services, then the operations console), and the page the hash names. */
export function App() {
  const ai = useInPage();
  const { path } = useRoute();
  // `#/` (or nothing) is the first page; an unknown address says so instead of silently showing another page.
  const page = path === '' ? PAGES[0] : PAGES.find((p) => p.path === path);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    document.title = `${page?.title ?? 'Not found'} · InPage`;
    // After a route change, move focus to the new page so a screen reader announces it (not on first load).
    if (first.current) first.current = false;
    else {
      main.current?.focus({ preventScroll: true });
      scrollTo(0, 0);
    }
  }, [page]);

  return (
    <>
      <a className="skip" href="#main" onClick={(event) => (event.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <h1>InPage</h1>
          <p className="tagline">AI that runs in this tab. Nothing you drop here leaves your device.</p>
          <PwaHeader />
        </div>
        {SECTIONS.map(({ id, label }) => (
          <nav key={id} aria-label={label}>
            <span className="nav-label" aria-hidden="true">
              {label}
            </span>
            {PAGES.filter((p) => (p.section ?? 'services') === id).map((p) => (
              <a key={p.path} href={`#/${p.path}`} aria-current={p === page ? 'page' : undefined}>
                {p.title}
              </a>
            ))}
          </nav>
        ))}
      </header>
      <main id="main" ref={main} tabIndex={-1} aria-label={page?.title ?? 'Not found'}>
        {!page ? (
          <section className="page">
            <h2>No page at “#/{path}”</h2>
            <p>
              Pick one from the menu, or go to the <a href={`#/${PAGES[0]!.path}`}>{PAGES[0]!.title}</a> page.
            </p>
          </section>
        ) : ai ? (
          <page.Page ai={ai} />
        ) : (
          <p role="status">Starting…</p>
        )}
      </main>
    </>
  );
}
