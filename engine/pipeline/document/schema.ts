/**
 * The pipeline document's schema lives in engine/api (the studio's renderer validates and edits the
 * same document and may import only engine/api); the pipeline modules import it from here.
 */
export * from '../../api/pipeline-document.js';
