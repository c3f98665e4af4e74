/**
 * Entry point of the studio page (browser mode, served by `sluice studio`): one store, one engine
 * connection over WebSocket, the App.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/app.css';
import './styles/canvas.css';
import './styles/inspector.css';
import { ActionsProvider } from './app/ActionsContext.js';
import { App } from './app/App.js';
import { EngineProvider } from './connection/EngineProvider.js';
import { createStudioStore } from './store/store.js';
import { StoreProvider } from './store/StoreProvider.js';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch (error) {
    console.warn('sluice: localStorage is not available; the theme will not be remembered', error);
    return null;
  }
}

const store = createStudioStore({ storage: storage() });
document.documentElement.dataset.theme = store.getState().theme;

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <EngineProvider>
        <ActionsProvider>
          <App />
        </ActionsProvider>
      </EngineProvider>
    </StoreProvider>
  </StrictMode>,
);
