/**
 * The clip feature's public module: what other features may use of it (the rule in
 * docs/architecture.md: a feature imports another only through this file). The catalogue's video page
 * shows the clip editor.
 */

export { clipFilesOfAudio, clipFilesOfVideo } from './video-files.ts';
export { clipEditorView, type EditorAudioStream, type EditorVideo } from './views.ts';
