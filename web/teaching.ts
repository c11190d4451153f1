/**
 * The teaching chunk: lessons, teaching mode and the glossary, loaded by
 * dat-app the first time one of those pages opens (kept out of the first
 * bundle).
 */
import './components/dat-glossary.ts';
import './components/dat-lessons-page.ts';
import './components/dat-teach-view.ts';
