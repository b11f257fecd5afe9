// Demo data: the Brest-like programme seeded on first start, and the country-sized synthetic set for benchmarks.
export { demoAccounts, demoPassword, demoProgramme } from './brest.ts';
export { demoStockCsv, seedDemo } from './seed-demo.ts';
export { scaleShape, seedScale } from './seed-scale.ts';
