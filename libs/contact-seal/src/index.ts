export * from './contact-seal';
