/** The Action's entry point (dist/index.js): it only calls run(). */
import { run } from './main.js';

void run();
