/**
 * The studio window: toolbar, connection banner, palette | canvas + dock | inspector, and the
 * modal gallery and trust prompt; applies the theme and wires engine sync, shortcuts and the title.
 */
import { useEffect } from 'react';
import { Canvas } from '../canvas/Canvas.js';
import { Dock } from '../dock/Dock.js';
import { Inspector } from '../inspector/Inspector.js';
import { Palette } from '../palette/Palette.js';
import { useStudio } from '../store/StoreProvider.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { TemplateGallery } from './TemplateGallery.js';
import { Toasts } from './Toasts.js';
import { Toolbar } from './Toolbar.js';
import { TrustPrompt } from './TrustPrompt.js';
import { useDocumentTitle } from './useDocumentTitle.js';
import { useEngineSync } from './useEngineSync.js';
import { useShortcuts } from './useShortcuts.js';

export function App() {
  const theme = useStudio((s) => s.theme);
  const galleryOpen = useStudio((s) => s.galleryOpen);
  const trustPrompt = useStudio((s) => s.trustPrompt);
  useEngineSync();
  useShortcuts();
  useDocumentTitle();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app">
      <Toolbar />
      <ConnectionBanner />
      <div className="workbench">
        <Palette />
        <Canvas />
        <Dock />
        <Inspector />
      </div>
      {galleryOpen && <TemplateGallery />}
      {trustPrompt !== null && <TrustPrompt codeNodeIds={trustPrompt} />}
      <Toasts />
    </div>
  );
}
