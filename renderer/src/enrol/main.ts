/**
 * The public enrolment page (served by the public listener at /join): its own small bundle, sharing nothing with the
 * admin app but what it imports explicitly. The page itself is built by the customers issue (EnrolApp.svelte).
 */
import { mount } from 'svelte';
import EnrolApp from './EnrolApp.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('Passerelle: the #app element is missing from enrol.html');

export default mount(EnrolApp, { target });
