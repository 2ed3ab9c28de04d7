import { ImagePage } from './ImagePage';
import { useInPage } from './useInPage';

export function App() {
  const ai = useInPage();
  return (
    <>
      <header className="top">
        <h1>InPage</h1>
        <p className="tagline">AI that runs in this tab. Nothing you drop here leaves your device.</p>
      </header>
      <main>{ai ? <ImagePage ai={ai} /> : <p role="status">Starting…</p>}</main>
    </>
  );
}
