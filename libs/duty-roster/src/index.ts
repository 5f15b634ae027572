export * from './duty-ladder';
