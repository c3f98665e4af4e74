/**
 * The studio window: toolbar, connection banner, palette | canvas + dock | inspector (dock and
 * inspector resizable), and the modal gallery and trust prompt; applies the theme and wires engine sync, shortcuts and the title.
 */
import { useEffect, useState } from 'react';
import { Canvas } from '../canvas/Canvas.js';
import { Dock } from '../dock/Dock.js';
import { Inspector } from '../inspector/Inspector.js';
import { Palette } from '../palette/Palette.js';
import { useStudio } from '../store/StoreProvider.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { Splitter } from './Splitter.js';
import { TemplateGallery } from './TemplateGallery.js';
import { Toasts } from './Toasts.js';
import { Toolbar } from './Toolbar.js';
import { TrustPrompt } from './TrustPrompt.js';
import { useDocumentTitle } from './useDocumentTitle.js';
import { useEngineSync } from './useEngineSync.js';
import { useShortcuts } from './useShortcuts.js';

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export function App() {
  const [dockHeight, setDockHeight] = useState(260);
  const [inspectorWidth, setInspectorWidth] = useState(360);
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
      <div className="workbench" style={{ gridTemplateRows: `minmax(0, 1fr) ${dockHeight}px`, gridTemplateColumns: `210px minmax(0, 1fr) ${inspectorWidth}px` }}>
        <Palette />
        <Canvas />
        <Dock />
        <Inspector />
        <Splitter axis="y" className="dock-splitter" label="Resize the dock" onResize={(d) => setDockHeight((h) => clamp(h - d, 120, window.innerHeight - 200))} />
        <Splitter axis="x" className="inspector-splitter" label="Resize the inspector" onResize={(d) => setInspectorWidth((w) => clamp(w - d, 260, window.innerWidth / 2))} />
      </div>
      {galleryOpen && <TemplateGallery />}
      {trustPrompt !== null && <TrustPrompt codeNodeIds={trustPrompt} />}
      <Toasts />
    </div>
  );
}
