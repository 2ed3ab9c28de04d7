import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startPwa } from '../pwa/register';
import { App } from './App';
import './styles.css';

startPwa();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
