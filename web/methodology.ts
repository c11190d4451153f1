/** The methodology chunk (docs rendered as Markdown), loaded the first time the page opens. */
import './components/dat-methodology.ts';
