import { mount } from 'svelte';
import EnrolApp from './EnrolApp.svelte';
import './enrol.css';

const target = document.getElementById('app');
if (!target) throw new Error('the #app element is missing from enrol.html');

export default mount(EnrolApp, { target });
