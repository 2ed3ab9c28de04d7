// The whole integration: install the package, import it, call a service. No bundler configuration.
import { connect, InPageError, type Classification } from 'inpage-ai';
import 'inpage-ai/elements';

const ai = await connect();
// Every service, from the devtools console too: `await ai.text.sentiment(['What a lovely day'])`.
Object.assign(window, { ai });
const input = document.querySelector<HTMLInputElement>('#file')!;
const answer = document.querySelector<HTMLParagraphElement>('#answer')!;

input.addEventListener('change', async () => {
  const file = input.files?.[0];
  if (!file) return;
  answer.textContent = 'Classifying…';
  try {
    const [best]: Classification[] = await ai.image.classify(file, { topK: 1 });
    answer.textContent = best ? `${best.label} (${(best.probability * 100).toFixed(1)}%)` : 'No label.';
  } catch (error) {
    answer.textContent = error instanceof InPageError ? `${error.code}: ${error.message}` : String(error);
  }
});
