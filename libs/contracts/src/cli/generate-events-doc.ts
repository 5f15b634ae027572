import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCatalogue } from '../catalogue/render-catalogue';
import { CATALOGUE } from '../topics';

const target = join(process.cwd(), 'docs', 'events.md');
writeFileSync(target, renderCatalogue(CATALOGUE));
console.log(`wrote ${target}`);
