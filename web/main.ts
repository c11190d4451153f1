/**
 * Entry point of the web app (`npm start` serves it, `npm run build` bundles
 * it into dist/). Registers the elements and the test hook; the app opens on
 * the FGNX scenario, or on the scenario in the URL fragment of a share link.
 */
import './styles.css';
import './components/dat-app.ts';
import { installDebugHook } from './lib/debug.ts';

installDebugHook();
