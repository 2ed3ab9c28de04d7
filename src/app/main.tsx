import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { sharedConnection } from '../client/react/useInPage';
import { afterFirstAnswer } from '../pwa/first-answer';
import { startPwa } from '../pwa/register';
import { App } from './App';
import './styles.css';

startPwa(sharedConnection().then(afterFirstAnswer));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
