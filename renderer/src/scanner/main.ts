/**
 * The staff scanner for phones (served by the public listener at /scan): its own bundle, separate from the admin app.
 * The scanner itself (staff PIN login, camera scanning, purchases, rewards) is built by the customers issue.
 */
import { mount } from 'svelte';
import ScannerApp from './ScannerApp.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('Passerelle: the #app element is missing from scanner.html');

export default mount(ScannerApp, { target });
