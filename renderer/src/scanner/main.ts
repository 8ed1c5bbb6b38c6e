import { mount } from 'svelte';
import ScannerApp from './ScannerApp.svelte';
import '../public/public.css';

const target = document.getElementById('app');
if (!target) throw new Error('the #app element is missing from scanner.html');

export default mount(ScannerApp, { target });
