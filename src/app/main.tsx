/**
 * The page: the app's store, the URL's settings applied before the worker starts (so its first run
 * is the linked one), the worker, the hash kept in step with the settings, and the React tree.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { appStore, startTrainer } from '../store';
import { App } from './App';
import { parseHash } from './urlState';
import { applyUrlState, startLinkedRun, startUrlSync } from './useUrlSync';
import './styles.css';
import './phone.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

const url = parseHash(window.location.hash);
// No worker yet: this only sets the config, own points, notices and hidden controls.
applyUrlState(appStore, url, { seek: false });
startTrainer(appStore);
// Commands queue behind the worker's init, so the live changes and the seek land on the linked run.
startLinkedRun(appStore, url);
startUrlSync(appStore, window);

createRoot(rootElement).render(
  <StrictMode>
    <App store={appStore} />
  </StrictMode>,
);
