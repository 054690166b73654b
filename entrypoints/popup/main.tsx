import { render } from 'preact';
import { App } from './App';
import './style.css';

// Opened as a page or a window (the walk window, a link from the incidents page) rather than as
// the toolbar popup, whose size comes from its content: there the page follows the window, so
// it reflows at 200 % zoom instead of scrolling sideways.
if (location.search) document.documentElement.classList.add('in-window');

render(<App />, document.getElementById('app')!);
