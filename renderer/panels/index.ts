/**
 * renderer/panels: the studio's record panels — the record inspector (live records of one node
 * output through a tap) and the topic browser (read, write, create and delete topics). The core
 * renderer mounts them in its dock; they reach the engine only through the EngineClient passed in.
 */
import './panels.css';

export { RecordInspector, type RecordInspectorProps } from './RecordInspector.js';
export { TopicBrowser } from './TopicBrowser.js';
